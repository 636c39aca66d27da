package dev.chatline.receipts;

import dev.chatline.auth.Identity;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.protocol.ClientMessage.Receipt;

/**
 * The cells' part of receipts (docs/architecture.md, "Cells"). A single cell routes nothing ({@link #NONE}).
 */
public interface ReceiptRouting {
    /**
     * A receipt of a reader whose chat lives in another cell: hands the status change to the chat's home cell.
     *
     * @return false when the chat lives in this cell (apply it here)
     */
    boolean forwardToChatHome(Identity reader, Receipt receipt);

    /**
     * A receipt event for a sender who lives in another cell: hands it to that cell.
     *
     * @return false when the event's user lives here (deliver it here)
     */
    boolean relayEvent(FanoutJob event);

    ReceiptRouting NONE = new ReceiptRouting() {
        @Override
        public boolean forwardToChatHome(Identity reader, Receipt receipt) {
            return false;
        }

        @Override
        public boolean relayEvent(FanoutJob event) {
            return false;
        }
    };
}

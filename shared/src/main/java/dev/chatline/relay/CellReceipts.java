package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.receipts.ReceiptRouting;
import java.util.Optional;

/**
 * Receipts across cells: a reader's receipt in a chat homed elsewhere goes to the chat's home as a
 * {@link RelayJob#RECEIPT} job; a receipt event for a sender homed elsewhere goes to the sender's cell as a
 * {@link RelayJob#EVENT} job. Both are relayed before the receipt is answered, so nothing is lost once it is.
 */
public final class CellReceipts implements ReceiptRouting {
    private final CellRouter router;
    private final RelayQueue queue;

    public CellReceipts(CellRouter router, RelayQueue queue) {
        this.router = router;
        this.queue = queue;
    }

    @Override
    public boolean forwardToChatHome(Identity reader, Receipt receipt) {
        Optional<String> home = router.remoteChatHome(receipt.chatId());
        home.ifPresent(cell -> queue.send(cell, RelayJob.receipt(router.cells().self(), reader, receipt)));
        return home.isPresent();
    }

    @Override
    public boolean relayEvent(FanoutJob event) {
        if (event.targets().isEmpty()) {
            return false;
        }
        // a receipt event goes to one user's devices: the sender's
        Optional<String> home = router.remoteHomeOf(event.targets().get(0).userId());
        home.ifPresent(cell -> queue.send(cell, RelayJob.event(router.cells().self(), event)));
        return home.isPresent();
    }
}

package dev.chatline.receipts;

import dev.chatline.connection.ConnectionRecord;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.auth.Identity;
import java.util.Optional;

/**
 * What one receipt does to one message.
 *
 * @param sender the message's sender (who is told about completed statuses)
 * @param completed the status every recipient reaches because of this receipt ({@code read} stands for delivered
 *                  too): before the write, the status to announce; after it, the status this receipt's write
 *                  completed (exactly one write completes each status)
 * @param deleteInbox whether the caller device's inbox row of the message goes: always for {@code delivered}; for
 *                    {@code read} unless this very device's {@code delivered} already removed it (so the usual
 *                    delivered-then-read pair deletes once). A {@code read} that moved the message straight from
 *                    sent to read records its device as both {@code deliveredBy} and {@code readBy}: its repeat
 *                    (after an attempt that died before its inbox delete) deletes again
 * @param senderConnection the device and connection the message was sent from, where the sender's event is posted
 *                         first (empty if not recorded)
 */
record ReceiptOutcome(MessageRef ref, String messageId, String sender, Optional<MessageStatus> completed,
                      boolean deleteInbox, Optional<ConnectionRecord> senderConnection) {

    /** The sending device's connection recorded on the header, if any. */
    static Optional<ConnectionRecord> senderConnection(ReceiptStore.Header h) {
        return h.senderConnectionId() == null || h.senderDeviceId() == null ? Optional.empty()
                : Optional.of(new ConnectionRecord(h.senderConnectionId(), h.senderUserId(), h.senderDeviceId(), 0,
                        Long.MAX_VALUE));
    }

    /**
     * Whether a receipt deletes the caller device's inbox row: yes unless it is a {@code read} and the device's row
     * went with its own earlier {@code delivered} (it delivered, and the read status was not recorded from it: a
     * read that completed both statuses at once never deleted through a {@code delivered}).
     */
    static boolean deletesInbox(Identity caller, MessageStatus requested, String deliveredBy, String readBy) {
        String device = caller.deviceId();
        return requested == MessageStatus.DELIVERED || !device.equals(deliveredBy) || device.equals(readBy);
    }
}

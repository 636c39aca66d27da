package dev.chatline.receipts;

import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.protocol.Identity;
import java.util.Optional;

/**
 * What one receipt did to one message.
 *
 * @param sender the message's sender (who is told about completed statuses)
 * @param completed the status every recipient has now reached because of this receipt (or, for a repeated receipt
 *                  of the device whose receipt completed it, that status again: its event may not have gone out);
 *                  {@code read} stands for delivered too
 * @param deleteInbox whether the caller device's inbox row of the message goes: always for {@code delivered}; for
 *                    {@code read} unless this very device's {@code delivered} already removed it (so the usual
 *                    delivered-then-read pair deletes once)
 */
record ReceiptOutcome(MessageRef ref, String messageId, String sender, Optional<MessageStatus> completed,
                      boolean deleteInbox) {

    static boolean deletesInbox(Identity caller, MessageStatus requested, String deliveredBy) {
        return requested == MessageStatus.DELIVERED || !caller.deviceId().equals(deliveredBy);
    }
}

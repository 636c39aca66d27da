package dev.chatline.receipts;

import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import java.util.Optional;

/**
 * What one receipt did to one message.
 *
 * @param sender the message's sender (who is told about completed statuses)
 * @param completed the status every recipient has now reached because of this receipt (or, for a repeated receipt
 *                  of the device whose receipt completed it, that status again: its event may not have gone out);
 *                  {@code read} stands for delivered too
 * @param deleteInbox whether the caller device's inbox row of the message goes (a {@code delivered}, or the first
 *                    receipt of the message being a {@code read})
 */
record ReceiptOutcome(MessageRef ref, String messageId, String sender, Optional<MessageStatus> completed,
                      boolean deleteInbox) {
}

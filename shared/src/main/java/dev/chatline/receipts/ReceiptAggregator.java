package dev.chatline.receipts;

import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one recipient's receipt to one message in O(1) DynamoDB operations, whatever the number of recipients:
 * one conditional update of the recipient's receipt row and, only if it advanced, one atomic ADD on the message's
 * counters ({@code read} on an undelivered message bumps both counters in that one update).
 *
 * <p>Invariant: each recipient bumps each counter at most once, so a counter equals the number of recipients that
 * reached the status; the one update that makes it equal {@code recipientCount} reports that status as
 * {@link #apply completed}, so the sender is notified exactly once per status, however receipts are duplicated,
 * reordered or concurrent.
 */
public final class ReceiptAggregator {
    private final ReceiptStore receipts;
    private final MessageStore messages;

    public ReceiptAggregator(ReceiptStore receipts, MessageStore messages) {
        this.receipts = receipts;
        this.messages = messages;
    }

    /** @return the statuses that every recipient of the message has now reached because of this receipt */
    public List<MessageStatus> apply(StoredMessage m, String recipientUserId, MessageStatus requested, long nowMs) {
        MessageStatus previous = receipts.advance(m.ref(), recipientUserId, requested, nowMs, m.expiresAt())
                .orElse(null);
        if (previous == null) {
            return List.of();
        }
        List<MessageStatus> reached = MessageStatus.advance(previous, requested);
        int delivered = reached.contains(MessageStatus.DELIVERED) ? 1 : 0;
        int read = reached.contains(MessageStatus.READ) ? 1 : 0;
        MessageStore.Counters after = messages.addCounters(m.ref(), delivered, read);
        List<MessageStatus> completed = new ArrayList<>();
        if (delivered == 1 && after.delivered() == m.recipientCount()) {
            completed.add(MessageStatus.DELIVERED);
        }
        if (read == 1 && after.read() == m.recipientCount()) {
            completed.add(MessageStatus.READ);
        }
        return completed;
    }
}

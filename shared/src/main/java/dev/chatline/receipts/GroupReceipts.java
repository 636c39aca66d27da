package dev.chatline.receipts;

import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.ProtocolException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A receipt in a group: the headers and the caller's receipt rows of all its messages in one batch read, then per
 * message that moves forward one transaction of three small items — the caller is a member who joined before the
 * message (condition check), its receipt row moves from exactly the status read, the header's counters move (the
 * condition pins a counter that this receipt completes, see {@link ReceiptStore#countersWrite}). So a receipt costs
 * 2 calls (+1 inbox delete for {@code delivered}), nothing is ever half applied, a member removed concurrently is
 * never counted, and exactly one receipt completes each status. A concurrent receipt that moved the header or the
 * row first makes the transaction fail: the message is re-read and retried (bounded).
 */
final class GroupReceipts {
    private static final int MAX_ATTEMPTS = 8;

    private final ReceiptStore receipts;
    private final GroupMemberStore members;
    private final BoundedParallel perMessage;

    GroupReceipts(ReceiptStore receipts, GroupMemberStore members, BoundedParallel perMessage) {
        this.receipts = receipts;
        this.members = members;
        this.perMessage = perMessage;
    }

    /** Validates every message first (nothing is applied if one is unknown or the caller's own), then applies. */
    List<ReceiptOutcome> apply(Identity caller, String groupId, List<MessageRef> refs, List<String> messageIds,
                               MessageStatus requested, long now) {
        Map<MessageRef, ReceiptStore.Row> rows = new HashMap<>();
        Map<MessageRef, ReceiptStore.Header> headers = receipts.headersWithRows(refs, caller.userId(), rows);
        for (int i = 0; i < refs.size(); i++) {
            ReceiptStore.Header h = headers.get(refs.get(i));
            if (h == null || !h.messageId().equals(messageIds.get(i))) {
                throw ReceiptService.unknown(messageIds.get(i));
            }
            if (h.senderUserId().equals(caller.userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot acknowledge your own message "
                        + messageIds.get(i));
            }
        }
        return perMessage.map(refs, ref -> applyOne(caller, groupId, headers.get(ref), rows.get(ref), requested,
                now));
    }

    private ReceiptOutcome applyOne(Identity caller, String groupId, ReceiptStore.Header header,
                                    ReceiptStore.Row row, MessageStatus requested, long now) {
        ReceiptStore.Header h = header;
        ReceiptStore.Row r = row;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            MessageStatus previous = r == null ? MessageStatus.SENT : r.status();
            if (previous.compareTo(requested) >= 0) {
                // the device whose receipt completed the status repeats it: its first attempt may have died
                // before telling the sender
                boolean again = previous == requested && caller.deviceKey().equals(h.completedBy(requested));
                return outcome(h, again ? Optional.of(requested) : Optional.empty(),
                        ReceiptOutcome.deletesInbox(caller, requested, r.deliveredBy()), again);
            }
            List<MessageStatus> reached = MessageStatus.advance(previous, requested);
            boolean delivered = reached.contains(MessageStatus.DELIVERED);
            boolean read = reached.contains(MessageStatus.READ);
            int failed = receipts.transact(List.of(
                    members.memberBefore(groupId, caller.userId(), h.ref().seq()),
                    receipts.advanceRowWrite(h.ref(), caller.userId(), caller.deviceId(), previous, requested, now,
                            h.expiresAt()),
                    receipts.countersWrite(h, delivered, read, caller.deviceKey())));
            if (failed < 0) {
                // exactly the increment that reaches recipientCount completes (an over-count never completes again)
                Optional<MessageStatus> completed = read && h.readCount() + 1 == h.recipientCount()
                        ? Optional.of(MessageStatus.READ)
                        : delivered && h.deliveredCount() + 1 == h.recipientCount()
                        ? Optional.of(MessageStatus.DELIVERED) : Optional.empty();
                return outcome(h, completed, ReceiptOutcome.deletesInbox(caller, requested,
                        r == null ? null : r.deliveredBy()), false);
            }
            if (failed == 0) {
                // not a member (any more), or joined after the message: tell which, without applying anything
                throw members.get(groupId, caller.userId()).isEmpty()
                        ? new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat")
                        : ReceiptService.unknown(h.messageId());
            }
            Map<MessageRef, ReceiptStore.Row> fresh = new HashMap<>();
            h = receipts.headersWithRows(List.of(h.ref()), caller.userId(), fresh).get(h.ref());
            r = fresh.get(h.ref());
        }
        throw new IllegalStateException("receipt for " + header.messageId() + " kept conflicting; retry");
    }

    private static ReceiptOutcome outcome(ReceiptStore.Header h, Optional<MessageStatus> completed,
                                          boolean deleteInbox, boolean repeat) {
        return new ReceiptOutcome(h.ref(), h.messageId(), h.senderUserId(), completed, deleteInbox,
                ReceiptOutcome.senderConnection(h), repeat);
    }
}

package dev.chatline.receipts;

import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A receipt in a group: the headers and the caller's receipt rows of all its messages in one batch read and the
 * caller's member row (a member who joined before each message), then the statuses the receipt completes are
 * announced, then per message that moves forward one transaction of three small items — the caller is still such a
 * member (condition check), its receipt row moves from exactly the status read, the header's counters move (the
 * condition pins a counter that this receipt completes, see {@link ReceiptStore#countersWrite}). So nothing is ever
 * half applied, a member removed concurrently is never counted, and exactly one transaction completes each status.
 * A concurrent receipt that moved the header or the row first makes the transaction fail: the message is re-read
 * and retried (bounded); a completion that only the re-read shows is announced before that retry's transaction.
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

    /**
     * Validates every message first (nothing is applied or announced if one is unknown, the caller's own or from
     * before the caller joined), hands the completions to {@code announce}, then applies.
     *
     * @return per message, the status its transaction completed (for the counters' tests)
     */
    List<ReceiptOutcome> apply(Identity caller, String groupId, List<MessageRef> refs, List<String> messageIds,
                               MessageStatus requested, long now, Consumer<List<ReceiptOutcome>> announce) {
        Map<MessageRef, ReceiptStore.Row> rows = new HashMap<>();
        Map<MessageRef, ReceiptStore.Header> headers = receipts.headersWithRows(refs, caller.userId(), rows);
        GroupMemberStore.Member member = members.get(groupId, caller.userId())
                .orElseThrow(() -> new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat"));
        for (int i = 0; i < refs.size(); i++) {
            ReceiptStore.Header h = headers.get(refs.get(i));
            if (h == null || !h.messageId().equals(messageIds.get(i)) || h.ref().seq() <= member.memberSince()) {
                throw ReceiptService.unknown(messageIds.get(i));
            }
            if (h.senderUserId().equals(caller.userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot acknowledge your own message "
                        + messageIds.get(i));
            }
        }
        announce.accept(refs.stream().map(ref -> plan(caller, headers.get(ref), rows.get(ref), requested))
                .filter(o -> o.completed().isPresent()).toList());
        return perMessage.map(refs, ref -> applyOne(caller, groupId, headers.get(ref), rows.get(ref), requested,
                now, announce));
    }

    /** What the receipt does to a message as read: the status it completes, if its transaction commits. */
    private static ReceiptOutcome plan(Identity caller, ReceiptStore.Header h, ReceiptStore.Row r,
                                       MessageStatus requested) {
        MessageStatus previous = r == null ? MessageStatus.SENT : r.status();
        boolean deleteInbox = r == null || ReceiptOutcome.deletesInbox(caller, requested, r.deliveredBy(), r.readBy());
        if (previous.compareTo(requested) >= 0) {
            return outcome(h, Optional.empty(), deleteInbox);
        }
        List<MessageStatus> reached = MessageStatus.advance(previous, requested);
        // exactly the increment that reaches recipientCount completes (an over-count never completes again)
        Optional<MessageStatus> completes = reached.contains(MessageStatus.READ)
                && h.readCount() + 1 == h.recipientCount() ? Optional.of(MessageStatus.READ)
                : reached.contains(MessageStatus.DELIVERED) && h.deliveredCount() + 1 == h.recipientCount()
                ? Optional.of(MessageStatus.DELIVERED) : Optional.empty();
        return outcome(h, completes, deleteInbox);
    }

    private ReceiptOutcome applyOne(Identity caller, String groupId, ReceiptStore.Header header,
                                    ReceiptStore.Row row, MessageStatus requested, long now,
                                    Consumer<List<ReceiptOutcome>> announce) {
        ReceiptStore.Header h = header;
        ReceiptStore.Row r = row;
        Optional<MessageStatus> announced = plan(caller, h, r, requested).completed();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            ReceiptOutcome planned = plan(caller, h, r, requested);
            MessageStatus previous = r == null ? MessageStatus.SENT : r.status();
            if (previous.compareTo(requested) >= 0) {
                return planned; // a concurrent receipt of the caller's got there first
            }
            if (planned.completed().isPresent() && !planned.completed().equals(announced)) {
                announce.accept(List.of(planned));
                announced = planned.completed();
            }
            List<MessageStatus> reached = MessageStatus.advance(previous, requested);
            int failed = receipts.transact(List.of(
                    members.memberBefore(groupId, caller.userId(), h.ref().seq()),
                    receipts.advanceRowWrite(h.ref(), caller.userId(), caller.deviceId(), previous, requested, now,
                            h.expiresAt()),
                    receipts.countersWrite(h, reached.contains(MessageStatus.DELIVERED),
                            reached.contains(MessageStatus.READ), caller.device())));
            if (failed < 0) {
                return planned;
            }
            if (failed == 0) {
                // removed (or re-added later) since the check: tell which, without applying anything
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
                                          boolean deleteInbox) {
        return new ReceiptOutcome(h.ref(), h.messageId(), h.senderUserId(), completed, deleteInbox,
                ReceiptOutcome.senderConnection(h));
    }
}

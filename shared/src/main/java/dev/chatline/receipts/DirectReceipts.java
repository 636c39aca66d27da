package dev.chatline.receipts;

import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A receipt in a direct chat (one recipient): the headers of all its messages in one batch read, which validates
 * (known ids, none the caller's own) and tells which statuses this receipt completes — any status the one recipient
 * has not reached yet — so the sender can be told <em>before</em> the status is stored; then one conditional
 * UpdateItem per message moves the status forward (a no-op when a concurrent receipt got there first).
 */
final class DirectReceipts {
    private final ReceiptStore receipts;

    DirectReceipts(ReceiptStore receipts) {
        this.receipts = receipts;
    }

    /**
     * Reads and checks every message (nothing is planned if one is unknown or the caller's own) and returns what
     * the receipt will do to each, in order.
     */
    List<ReceiptOutcome> plan(Identity caller, List<MessageRef> refs, List<String> messageIds,
                              MessageStatus requested) {
        Map<MessageRef, ReceiptStore.Header> headers = receipts.headers(refs);
        List<ReceiptOutcome> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            ReceiptStore.Header h = check(caller, headers.get(refs.get(i)), messageIds.get(i));
            Optional<MessageStatus> completes = h.directStatus().compareTo(requested) < 0
                    ? Optional.of(requested) : Optional.empty();
            out.add(new ReceiptOutcome(h.ref(), h.messageId(), h.senderUserId(), completes,
                    ReceiptOutcome.deletesInbox(caller, requested, h.deliveredBy(), h.readBy()),
                    ReceiptOutcome.senderConnection(h)));
        }
        return out;
    }

    private static ReceiptStore.Header check(Identity caller, ReceiptStore.Header h, String messageId) {
        if (h == null || !h.messageId().equals(messageId)) {
            throw ReceiptService.unknown(messageId);
        }
        if (h.senderUserId().equals(caller.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot acknowledge your own message " + messageId);
        }
        return h;
    }

    /** Stores the planned status (idempotent: a status already reached is left as it is). */
    void commit(Identity caller, ReceiptOutcome planned, MessageStatus requested, long now) {
        receipts.advanceDirect(planned.ref(), planned.messageId(), caller.userId(), caller.deviceId(), requested,
                now);
    }
}

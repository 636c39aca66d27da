package dev.chatline.receipts;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A receipt in a direct chat (one recipient): one conditional UpdateItem of the message's receipt header, which
 * validates (this message id, not the caller's own) and moves the status forward in the same call. Only when it
 * does not apply is the header read, to tell an unknown or own message from a status already reached.
 */
final class DirectReceipts {
    private final ReceiptStore receipts;

    DirectReceipts(ReceiptStore receipts) {
        this.receipts = receipts;
    }

    /** Refuses the whole receipt if any message is unknown or the caller's own (one batch read). */
    void validate(Identity caller, List<MessageRef> refs, List<String> messageIds) {
        Map<MessageRef, ReceiptStore.Header> headers = receipts.headers(refs);
        for (int i = 0; i < refs.size(); i++) {
            check(caller, headers.get(refs.get(i)), messageIds.get(i));
        }
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

    ReceiptOutcome apply(Identity caller, MessageRef ref, String messageId, MessageStatus requested, long now) {
        Optional<ReceiptStore.Header> before = receipts.advanceDirect(ref, messageId, caller.userId(),
                caller.deviceId(), requested, now);
        if (before.isPresent()) {
            String sender = ChatIds.peer(ref.chatId(), caller.userId());
            return new ReceiptOutcome(ref, messageId, sender, Optional.of(requested),
                    ReceiptOutcome.deletesInbox(caller, requested, before.get().deliveredBy()),
                    ReceiptOutcome.senderConnection(before.get()), false);
        }
        ReceiptStore.Header h = check(caller, receipts.header(ref).orElse(null), messageId);
        // Already at or past the status. If this very device moved it there (and no further status came since),
        // its first attempt may have died before telling the sender: tell again (same event id).
        String by = requested == MessageStatus.READ ? h.readBy() : h.deliveredBy();
        Optional<MessageStatus> again = caller.deviceId().equals(by) && h.directStatus() == requested
                ? Optional.of(requested) : Optional.empty();
        return new ReceiptOutcome(ref, messageId, h.senderUserId(), again,
                ReceiptOutcome.deletesInbox(caller, requested, h.deliveredBy()), ReceiptOutcome.senderConnection(h),
                again.isPresent());
    }
}

package dev.chatline.receipts;

import dev.chatline.auth.Identity;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatRoster;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code receiptInfo}: the sender of a message sees each recipient's status and times ("message info"). Reads the
 * message, its receipt header (counters; a direct chat's recipient status), a group's receipt rows and the chat's
 * current recipients (a recipient without a row is {@code sent}; rows of
 * recipients who since left stay listed). This view costs O(recipients) reads; applying a receipt stays O(1).
 * Only the sender while still a member of the chat (since before the message): a sender removed from a group sees
 * nothing more of it.
 */
public final class ReceiptInfoService {
    private final MessageStore messages;
    private final ReceiptStore receipts;
    private final ChatRoster roster;
    private final ChatMembership membership;

    public ReceiptInfoService(MessageStore messages, ReceiptStore receipts, ChatRoster roster,
                              ChatMembership membership) {
        this.messages = messages;
        this.receipts = receipts;
        this.roster = roster;
        this.membership = membership;
    }

    /** @return the {@code receiptInfo} reply */
    public ChatFrames.ReceiptInfo info(Identity caller, ClientMessage.ReceiptInfo request) {
        String chatId = request.chatId();
        String messageId = request.messageId();
        OptionalLong seq = MessageIds.seqOf(messageId);
        StoredMessage m = seq.isEmpty() ? null : messages.get(new MessageRef(chatId, seq.getAsLong())).orElse(null);
        if (m == null || !m.messageId().equals(messageId)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE, "unknown message " + messageId);
        }
        if (!m.senderUserId().equals(caller.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only the sender sees a message's receipts");
        }
        OptionalLong since = membership.memberSince(chatId, caller.userId());
        if (since.isEmpty() || since.getAsLong() >= m.seq()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat");
        }
        ReceiptStore.Header header = receipts.header(m.ref()).orElseThrow(
                () -> new ProtocolException(ErrorCode.UNKNOWN_MESSAGE, "unknown message " + messageId));
        Map<String, ReceiptStore.Row> byUser = new LinkedHashMap<>();
        roster.recipientsOf(m).forEach(u -> byUser.put(u, new ReceiptStore.Row(u, MessageStatus.SENT, 0, 0, null,
                null)));
        if (ChatIds.groupIdOf(chatId).isPresent()) {
            receipts.rows(m.ref()).forEach(r -> byUser.put(r.userId(), r));
        } else {
            // a direct chat's one recipient: its status is the header's
            byUser.replaceAll((u, r) -> new ReceiptStore.Row(u, header.directStatus(), header.deliveredAt(),
                    header.readAt(), header.deliveredBy(), header.readBy()));
        }
        List<ChatFrames.ReceiptInfo.Recipient> recipients = byUser.values().stream()
                .map(r -> new ChatFrames.ReceiptInfo.Recipient(r.userId(), r.status().wire(),
                        r.deliveredAt() > 0 ? r.deliveredAt() : null, r.readAt() > 0 ? r.readAt() : null))
                .toList();
        return new ChatFrames.ReceiptInfo(chatId, ChatIds.groupIdOf(chatId).orElse(null), messageId,
                header.recipientCount(), header.deliveredCount(), header.readCount(), recipients);
    }
}

package dev.chatline.history;

import dev.chatline.auth.Identity;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chat's stored messages for one of its members, newest first (a group member sees only the messages after
 * joining). The caller's own messages carry their aggregate status from their receipt headers, one batch read per
 * page ({@code read} when every recipient read it, {@code delivered} when every recipient got it, else
 * {@code sent}), so no per-recipient rows are read.
 *
 * <p>The reply stays under API Gateway's 128 KB frame limit: messages are added while the reply stays under
 * {@value #MAX_REPLY_BYTES} bytes (the first message always fits: bodies are at most 64 KB), and
 * {@code nextBeforeSeq} is returned whenever older messages may remain.
 *
 * <p>Cells: a chat homed in another cell is answered by its home ({@link RemoteHistory}), which checks membership
 * there; the caller's rate limit was taken here, by the route.
 */
public final class HistoryService {
    public static final int MAX_REPLY_BYTES = 100_000;
    public static final int DEFAULT_LIMIT = dev.chatline.protocol.ClientMessage.History.DEFAULT_LIMIT;
    public static final int MAX_LIMIT = dev.chatline.protocol.ClientMessage.History.MAX_LIMIT;
    private static final int ENVELOPE_BYTES = 600; // type, requestId, chatId, nextBeforeSeq and punctuation
    /** The longest requestId the reply may echo (the route layer adds it). */
    private static final int MAX_REQUEST_ID = 64;

    private final MessageStore messages;
    private final ChatMembership membership;
    private final MessageHeaders headers;
    private final RemoteHistory cells;

    /**
     * @param membership who may read a chat, and from which seq on (a group member sees messages after joining)
     * @param headers the aggregate receipt status of the caller's own messages
     * @param cells reads a chat of another cell at its home ({@link RemoteHistory#NONE}: everything here)
     */
    public HistoryService(MessageStore messages, ChatMembership membership, MessageHeaders headers,
                          RemoteHistory cells) {
        this.messages = messages;
        this.membership = membership;
        this.headers = headers;
        this.cells = cells;
    }

    /** @return the {@code history} reply (its JSON, with the longest requestId, stays within the budget) */
    public ChatFrames.History history(Identity caller, String chatId, OptionalLong beforeSeq, int limit) {
        if (!ChatIds.isValid(chatId)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'chatId' is not a chat id");
        }
        Optional<ChatFrames.History> remote = cells.history(caller, chatId, beforeSeq, limit);
        if (remote.isPresent()) {
            return remote.get();
        }
        long since = membership.memberSince(chatId, caller.userId()).orElseThrow(
                () -> new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat"));
        MessageStore.Page page = messages.newestFirst(chatId, since, beforeSeq, limit);
        List<ChatFrames.StoredMessage> list = new ArrayList<>();
        int bytes = ENVELOPE_BYTES + chatId.length() + MAX_REQUEST_ID;
        Long lastIncluded = null;
        boolean truncated = false;
        Map<MessageRef, MessageStatus> own = headers.statuses(page.messages().stream()
                .filter(m -> m.senderUserId().equals(caller.userId())).map(StoredMessage::ref).toList());
        for (StoredMessage m : page.messages()) {
            MessageStatus status = own.get(m.ref());
            if (status == null && m.senderUserId().equals(caller.userId())) {
                status = MessageStatus.SENT;
            }
            ChatFrames.StoredMessage entry = MessageFrames.historyEntry(m, status == null ? null : status.wire(),
                    caller.device());
            int size = Json.write(entry).getBytes(StandardCharsets.UTF_8).length + 1;
            if (lastIncluded != null && bytes + size > MAX_REPLY_BYTES) {
                truncated = true;
                break;
            }
            list.add(entry);
            bytes += size;
            lastIncluded = m.seq();
        }
        Long nextBeforeSeq = null;
        if (truncated || page.lastEvaluatedSeq().isPresent()) {
            long next = lastIncluded != null ? lastIncluded : page.lastEvaluatedSeq().getAsLong();
            if (next > since + 1) {
                nextBeforeSeq = next;
            }
        }
        return new ChatFrames.History(chatId, list, nextBeforeSeq);
    }
}

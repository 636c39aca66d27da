package dev.chatline.inbox;

import dev.chatline.auth.Identity;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a device's inbox to its connection: one page (≤ {@value #PAGE_SIZE} rows, strongly consistent, in entry
 * key order = per-chat seq order, events last) → one batch read of the messages → {@code message} frames and stored
 * {@code receipt} events posted in that order → the posted events and copies of the caller's own messages are
 * deleted. Message rows stay until the device's receipt; a row whose message is missing (being committed, or the
 * orphan of a failed send) is skipped and left to expire. A row of a chat the user is no longer in (removed from or
 * left a group), or from before the user's current membership, is never posted and deleted: no receipt could ever
 * remove it. That costs one strongly consistent batch read of the user's member rows per page holding group rows
 * (direct chats answer from their ids), and needs no step of its own when a member is removed, so no crash can
 * leave such rows behind.
 *
 * <p>The cursor is the last entry key of the page, base64url-encoded; clients treat it as opaque.
 */
public final class SyncService {
    public static final int PAGE_SIZE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /** The reply: where to continue and whether more rows may follow. */
    public record Result(String cursor, boolean more) {
        /** The {@code syncComplete} reply. */
        public ChatFrames.SyncComplete toFrame() {
            return new ChatFrames.SyncComplete(cursor, more);
        }
    }

    private final InboxStore inbox;
    private final MessageStore messages;
    private final ChatMembership membership;
    private final ConnectionSender sender;
    private final Metrics metrics;

    /**
     * @param membership which of the page's chats the caller still belongs to, and since when
     * @param metrics counts {@value Metrics#SYNC_MESSAGES_DELIVERED}
     */
    public SyncService(InboxStore inbox, MessageStore messages, ChatMembership membership, ConnectionSender sender,
                       Metrics metrics) {
        this.inbox = inbox;
        this.messages = messages;
        this.membership = membership;
        this.sender = sender;
        this.metrics = metrics;
    }

    public Result sync(Identity caller, String connectionId, Optional<String> cursor) {
        Optional<String> after = cursor.map(SyncService::decodeCursor);
        InboxStore.Page page = inbox.page(caller.device(), after, PAGE_SIZE);
        List<MessageRef> refs = page.entries().stream().flatMap(e -> e.message().stream()).toList();
        Map<String, Long> since = membership.memberSinceAll(caller.userId(),
                refs.stream().map(MessageRef::chatId).distinct().toList());
        Predicate<MessageRef> readable = ref -> since.containsKey(ref.chatId()) && ref.seq() > since.get(ref.chatId());
        Map<MessageRef, StoredMessage> found = messages.getAll(refs.stream().filter(readable).toList());
        List<String> delete = new ArrayList<>();
        String last = after.orElse(null);
        int posted = 0;
        int messagesPosted = 0;
        int dropped = 0;
        for (InboxStore.Entry e : page.entries()) {
            if (e.message().isPresent() && !readable.test(e.message().get())) {
                delete.add(e.entryKey()); // a chat the user left or was removed from: no receipt can remove it
                last = e.entryKey();
                dropped++;
                continue;
            }
            Optional<String> frame = e.frame().or(() -> e.message().map(found::get)
                    .map(m -> Json.write(MessageFrames.message(m, caller.device()))));
            if (frame.isPresent() && sender.post(connectionId, frame.get()) == ConnectionSender.PostResult.GONE) {
                LOG.info("caller's connection is gone after {} frames", posted);
                break; // nothing reaches the caller any more; rows stay for the next sync
            }
            posted += frame.isPresent() ? 1 : 0;
            messagesPosted += frame.isPresent() && e.frame().isEmpty() ? 1 : 0;
            boolean ownCopy = e.message().map(found::get).map(m -> m.senderUserId().equals(caller.userId()))
                    .orElse(false);
            // a row whose message is not there is kept: the message may be committing right now (a send writes its
            // inbox rows beside its transaction), or the row is an orphan of a failed send; both expire with TTL
            if (e.frame().isPresent() || ownCopy) {
                delete.add(e.entryKey());
            }
            last = e.entryKey();
        }
        inbox.delete(caller.device(), delete);
        metrics.count(Metrics.SYNC_MESSAGES_DELIVERED, messagesPosted);
        boolean more = page.lastEvaluatedKey().isPresent();
        String next = more ? page.lastEvaluatedKey().get() : last;
        LOG.info("sync posted {} frames, dropped {} rows of chats left, more={}", posted, dropped, more);
        return new Result(next == null ? null : encodeCursor(next), more);
    }

    static String encodeCursor(String entryKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(entryKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (InboxStore.isEntryKey(key)) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through
        }
        throw ClientFrame.invalid("cursor", "is not a cursor returned by sync");
    }
}

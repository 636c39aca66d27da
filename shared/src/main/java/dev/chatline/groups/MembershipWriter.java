package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.Backoff;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.Json;
import dev.chatline.send.MessageDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a membership change together with its system message ({@value #SYSTEM_CONTENT_TYPE}, sender = the actor,
 * the group's next seq) and the message's receipt header in one transaction, then delivers the message (inbox
 * rows, fan-out) to the members after the change and the actor's other devices. The system message in the same
 * transaction is what makes every device see membership changes in one order, and a member join exactly at its
 * "added" message. Shared by one-transaction changes ({@link GroupService}, {@link GroupInvitations}) and the
 * commit step of {@link StagedChange}.
 */
final class MembershipWriter {
    static final String SYSTEM_CONTENT_TYPE = "chatline/system";
    /** Attempts of a change whose conditions failed (a concurrent change): re-read, re-validate, try again. */
    static final int MAX_ATTEMPTS = 5;
    /** Between conflicting attempts: full jitter from 20 ms, doubling, at most 200 ms. */
    private static final Backoff CONFLICT_BACKOFF = Backoff.fullJitter(MAX_ATTEMPTS, Duration.ofMillis(20),
            Duration.ofMillis(200));
    private static final Logger LOG = LoggerFactory.getLogger(MembershipWriter.class);

    /** A membership change for a seq: the conditional writes, the members after it, the system message body. */
    record Change(List<TransactionWrite> writes, List<Member> after, ObjectNode event) {
    }

    private final ChatStore chats;
    private final MessageStore messages;
    private final MessageDelivery delivery;
    private final GroupAudience audience;
    private final MessagingSettings settings;
    private final Clock clock;
    private final MessageIds messageIds;

    MembershipWriter(ChatStore chats, MessageStore messages, MessageDelivery delivery, GroupAudience audience,
                     MessagingSettings settings, Clock clock) {
        this.chats = chats;
        this.messages = messages;
        this.delivery = delivery;
        this.audience = audience;
        this.settings = settings;
        this.clock = clock;
        this.messageIds = new MessageIds(clock);
    }

    /**
     * Allocates the group's next seq, stores the change with its system message in one transaction, then delivers
     * the message.
     *
     * @param known user → device ids already read (filled with what delivery reads)
     * @return the message's seq, or empty if a condition failed (the caller re-reads and retries)
     */
    Optional<Long> commit(Identity actor, String groupId, Map<String, List<String>> known,
                          LongFunction<Change> change) {
        long seq = nextSeq(groupId);
        Change c = change.apply(seq);
        Optional<StoredMessage> m = write(actor, groupId, seq, c.event(), c.after(), c.writes());
        m.ifPresent(stored -> deliver(stored, c.after(), actor, known));
        return m.map(StoredMessage::seq);
    }

    /** The group's next seq (an atomic counter on the chat row). */
    long nextSeq(String groupId) {
        return chats.allocateSeq(ChatIds.group(groupId), ChatStore.KIND_GROUP);
    }

    /**
     * Writes the system message at {@code seq}, its header and {@code writes} in one transaction.
     *
     * @return the message, or empty if a condition failed (nothing was written; the seq stays a gap)
     */
    Optional<StoredMessage> write(Identity actor, String groupId, long seq, ObjectNode event, List<Member> after,
                                  List<TransactionWrite> writes) {
        long now = clock.millis();
        long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
        int recipients = (int) after.stream().filter(x -> !x.userId().equals(actor.userId())).count();
        StoredMessage m = new StoredMessage(ChatIds.group(groupId), seq, messageIds.next(seq), actor.userId(),
                actor.deviceId(), Json.write(event), SYSTEM_CONTENT_TYPE, now, recipients, expiresAt);
        List<TransactionWrite> all = new ArrayList<>(writes);
        all.add(delivery.header(m));
        if (messages.insert(m, all) != MessageStore.InsertOutcome.INSERTED) {
            LOG.info("membership change of group {} conflicted at seq {}", groupId, seq);
            return Optional.empty();
        }
        LOG.info("group {}: {} at seq {}", groupId, event.path("event").asText(), seq);
        return Optional.of(m);
    }

    /** The stored system message at {@code seq}, if any. */
    Optional<StoredMessage> stored(String groupId, long seq) {
        return messages.get(new MessageRef(ChatIds.group(groupId), seq));
    }

    /** Delivers a stored system message to the members after the change and the actor's other devices. */
    void deliver(StoredMessage m, List<Member> after, Identity actor, Map<String, List<String>> known) {
        String groupId = ChatIds.groupIdOf(m.chatId()).orElseThrow();
        delivery.deliver(m, audience.of(groupId, after, actor, known).targets(actor, m.seq()));
    }

    /**
     * Runs {@code attempt} (read, validate, commit) until it commits, at most {@value #MAX_ATTEMPTS} times; before
     * every attempt after the first asks {@code doneMeanwhile} whether a concurrent duplicate of the request (same
     * operation id) committed it: its seq is then the outcome.
     */
    static long retrying(Supplier<Optional<Long>> doneMeanwhile, Supplier<Optional<Long>> attempt) {
        for (int i = 1; ; i++) {
            Optional<Long> seq = i == 1 ? attempt.get() : doneMeanwhile.get().or(attempt);
            if (seq.isPresent()) {
                return seq.get();
            }
            if (!pause(i)) {
                throw new IllegalStateException("membership change kept conflicting; retry");
            }
        }
    }

    /**
     * A short randomized pause before attempt {@code i + 1} of a change's step; false (at once) when attempt
     * {@code i} was the last of {@value #MAX_ATTEMPTS}.
     */
    static boolean pause(int i) {
        try {
            return CONFLICT_BACKOFF.pause(i);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A system message body: {@code {"event":kind,"userIds":[...]}}, with {@code "invited":[...]} when the change
     * sent invitations too.
     */
    static ObjectNode event(String kind, List<String> userIds, List<String> invited) {
        ObjectNode n = Json.object();
        n.put("event", kind);
        userIds.forEach(n.putArray("userIds")::add);
        if (!invited.isEmpty()) {
            invited.forEach(n.putArray("invited")::add);
        }
        return n;
    }

    static ObjectNode event(String kind, List<String> userIds) {
        return event(kind, userIds, List.of());
    }

    /**
     * The body of an add: {@code added} (with the invitations it sent), or {@code invited} when it only invited.
     */
    static ObjectNode addEvent(List<String> added, List<String> invited) {
        return added.isEmpty() ? event("invited", invited) : event("added", added, invited);
    }

    /** The body of a creation: {@code created} with the name, the members and the invitations. */
    static ObjectNode createEvent(String name, List<String> added, List<String> invited) {
        ObjectNode n = event("created", added, invited);
        n.put("name", name);
        return n;
    }
}

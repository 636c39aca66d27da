package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageDelivery;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.messaging.Ulid;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group membership: create, add, remove, leave, promote (and info, list through {@link GroupQueries}). The creator
 * is admin; only admins add, remove
 * or promote; when the last admin leaves, the longest-standing member becomes admin.
 *
 * <p>Every change is one transaction {group counters (conditional), member rows (conditional), the change's system
 * message ({@value #SYSTEM_CONTENT_TYPE}) with the group's next seq}, so the group's seq stream records every
 * change in the order all devices see, a member joins exactly at its "added" message, and the
 * {@value #MAX_MEMBERS}-member limit holds under concurrent adds. A failed condition (a concurrent change) re-reads
 * and retries, at most {@value #MAX_ATTEMPTS} times; the system message is then delivered like any message (inbox
 * rows, fan-out) to the members after the change and the actor's other devices.
 */
public final class GroupService {
    private static final Logger LOG = LoggerFactory.getLogger(GroupService.class);
    public static final int MAX_MEMBERS = 256;
    public static final String SYSTEM_CONTENT_TYPE = "chatline/system";
    static final int MAX_ATTEMPTS = 5;
    /** Member rows per transaction (DynamoDB allows 100 items; the message and the group row take two). */
    static final int MEMBERS_PER_TRANSACTION = 90;

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final ChatStore chats;
    private final MessageStore messages;
    private final MessageDelivery delivery;
    private final GroupAudience audience;
    private final MessagingSettings settings;
    private final Clock clock;
    private final MessageIds messageIds;
    private final Ulid groupIds;
    private final GroupQueries queries;

    public GroupService(GroupStore groups, GroupMemberStore members, ChatStore chats, MessageStore messages,
                        MessageDelivery delivery, GroupAudience audience, MessagingSettings settings, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.chats = chats;
        this.messages = messages;
        this.delivery = delivery;
        this.audience = audience;
        this.settings = settings;
        this.clock = clock;
        this.messageIds = new MessageIds(clock);
        this.groupIds = new Ulid(clock);
        this.queries = new GroupQueries(groups, members);
    }

    /** A membership change for a seq: the conditional writes, the members after it, the system message body. */
    private record Change(List<TransactWriteItem> writes,
                          List<Member> after, ObjectNode event) {
    }

    /** Creates a group with the actor as admin and {@code userIds} as members; replies {@code groupInfo}. */
    public String create(Identity actor, String name, List<String> userIds, String requestId) {
        List<String> invited = userIds.stream().filter(u -> !u.equals(actor.userId())).distinct().toList();
        if (invited.size() + 1 > MAX_MEMBERS) {
            throw full();
        }
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(invited, known);
        String groupId = groupIds.next();
        List<String> first = invited.subList(0, Math.min(invited.size(), MEMBERS_PER_TRANSACTION - 1));
        long seq = commit(actor, groupId, known, s -> {
            long now = clock.millis();
            List<Member> after = new ArrayList<>();
            after.add(new Member(groupId, actor.userId(), Role.ADMIN, s - 1, now, name));
            first.forEach(u -> after.add(new Member(groupId, u, Role.MEMBER, s - 1, now, name)));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(groups.create(new GroupStore.Group(groupId, name, actor.userId(), now, after.size(), 1)));
            after.forEach(m -> writes.add(members.add(m)));
            ObjectNode event = event("created", first);
            event.put("name", name);
            return new Change(writes, after, event);
        }).orElseThrow(() -> new IllegalStateException("could not create group " + groupId));
        if (first.size() < invited.size()) {
            seq = addChunks(actor, groupId, invited.subList(first.size(), invited.size()), known);
        }
        LOG.info("created group {} with {} members", groupId, invited.size() + 1);
        return info(actor, groupId, requestId, seq);
    }

    /** Adds users (admins only); users already in the group are skipped. Replies {@code groupInfo}. */
    public String add(Identity actor, String groupId, List<String> userIds, String requestId) {
        requireAdmin(actor, members.members(groupId));
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(userIds, known);
        return info(actor, groupId, requestId, addChunks(actor, groupId, userIds, known));
    }

    /** Removes a member (admins only; removing oneself is leaving). Replies {@code groupInfo}. */
    public String remove(Identity actor, String groupId, String userId, String requestId) {
        if (userId.equals(actor.userId())) {
            return leave(actor, groupId, requestId);
        }
        long seq = retrying(() -> {
            List<Member> current = members.members(groupId);
            requireAdmin(actor, current);
            Member target = find(current, userId).orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNKNOWN_MEMBER, "user '" + userId + "' is not a member of this group"));
            return commit(actor, groupId, new HashMap<>(), s -> new Change(List.of(members.remove(target),
                    groups.removeMember(groupId, target.isAdmin(), false)), without(current, userId),
                    event("removed", List.of(userId))));
        });
        return info(actor, groupId, requestId, seq);
    }

    /** The actor leaves; if it was the last admin, the longest-standing other member becomes admin. */
    public String leave(Identity actor, String groupId, String requestId) {
        long seq = retrying(() -> {
            List<Member> current = members.members(groupId);
            Member self = find(current, actor.userId()).orElseThrow(GroupService::notMember);
            List<Member> after = new ArrayList<>(without(current, actor.userId()));
            boolean lastAdmin = self.isAdmin() && current.stream().filter(Member::isAdmin).count() == 1;
            Optional<Member> heir = lastAdmin ? after.stream().findFirst() : Optional.empty();
            List<TransactWriteItem> writes = new ArrayList<>(List.of(
                    members.remove(self), groups.removeMember(groupId, self.isAdmin(), heir.isPresent())));
            ObjectNode event = event("left", List.of(actor.userId()));
            heir.ifPresent(h -> {
                writes.add(members.promote(h));
                after.set(after.indexOf(h), promoted(h));
                event.putArray("promoted").add(h.userId());
            });
            return commit(actor, groupId, new HashMap<>(), s -> new Change(writes, after, event));
        });
        return info(actor, groupId, requestId, seq);
    }

    /** Makes a member admin (admins only). Replies {@code groupInfo}. */
    public String promote(Identity actor, String groupId, String userId, String requestId) {
        long seq = retrying(() -> {
            List<Member> current = members.members(groupId);
            requireAdmin(actor, current);
            Member target = find(current, userId).orElseThrow(() -> new ProtocolException(
                    ErrorCode.UNKNOWN_MEMBER, "user '" + userId + "' is not a member of this group"));
            if (target.isAdmin()) {
                return Optional.of(0L);
            }
            List<Member> after = new ArrayList<>(current);
            after.set(after.indexOf(target), promoted(target));
            return commit(actor, groupId, new HashMap<>(), s -> new Change(List.of(members.promote(target),
                    groups.addAdmin(groupId)),
                    after, event("promoted", List.of(userId))));
        });
        return info(actor, groupId, requestId, seq);
    }

    /** The group and its members, for a member. */
    public String info(Identity caller, String groupId, String requestId) {
        return queries.info(caller, groupId, requestId);
    }

    /** The caller's groups. */
    public String list(Identity caller, String requestId) {
        return queries.list(caller, requestId);
    }

    private String info(Identity caller, String groupId, String requestId, long seq) {
        return queries.info(caller, groupId, requestId, seq);
    }

    /** Adds {@code userIds} in transactions of {@value #MEMBERS_PER_TRANSACTION}; the seq of the last change. */
    private long addChunks(Identity actor, String groupId, List<String> userIds, Map<String, List<String>> known) {
        long seq = 0;
        List<String> ids = userIds.stream().distinct().toList();
        for (int from = 0; from < ids.size(); from += MEMBERS_PER_TRANSACTION) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MEMBERS_PER_TRANSACTION));
            seq = Math.max(seq, retrying(() -> {
                List<Member> current = members.members(groupId);
                Member admin = requireAdmin(actor, current);
                List<String> fresh = chunk.stream().filter(u -> find(current, u).isEmpty()).toList();
                if (fresh.isEmpty()) {
                    return Optional.of(0L);
                }
                if (current.size() + fresh.size() > MAX_MEMBERS) {
                    throw full();
                }
                return commit(actor, groupId, known, s -> {
                    long now = clock.millis();
                    List<Member> after = new ArrayList<>(current);
                    List<TransactWriteItem> writes =
                            new ArrayList<>(List.of(groups.addMembers(groupId, fresh.size(), MAX_MEMBERS)));
                    for (String u : fresh) {
                        Member m = new Member(groupId, u, Role.MEMBER, s - 1, now, admin.groupName());
                        after.add(m);
                        writes.add(members.add(m));
                    }
                    return new Change(writes, after, event("added", fresh));
                });
            }));
        }
        return seq;
    }

    /**
     * Stores the change with its system message in one transaction, then delivers the message.
     *
     * @return the message's seq, or empty if a condition failed (the caller re-reads and retries)
     */
    private Optional<Long> commit(Identity actor, String groupId, Map<String, List<String>> known,
                                  LongFunction<Change> change) {
        String chatId = ChatIds.group(groupId);
        long seq = chats.allocateSeq(chatId, ChatStore.KIND_GROUP);
        Change c = change.apply(seq);
        long now = clock.millis();
        long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
        int recipients = (int) c.after().stream().filter(m -> !m.userId().equals(actor.userId())).count();
        StoredMessage m = new StoredMessage(chatId, seq, messageIds.next(seq), actor.userId(), actor.deviceId(),
                Json.write(c.event()), SYSTEM_CONTENT_TYPE, now, recipients, expiresAt);
        List<TransactWriteItem> writes = new ArrayList<>(c.writes());
        writes.add(delivery.header(m));
        if (messages.insert(m, writes) != MessageStore.InsertOutcome.INSERTED) {
            LOG.info("membership change of group {} conflicted at seq {}", groupId, seq);
            return Optional.empty();
        }
        LOG.info("group {}: {} at seq {}", groupId, c.event().path("event").asText(), seq);
        delivery.deliver(m, audience.of(groupId, c.after(), actor, known).targets(actor, seq));
        return Optional.of(seq);
    }

    /** Runs {@code attempt} (read, validate, commit) until it commits, at most {@value #MAX_ATTEMPTS} times. */
    private static long retrying(Supplier<Optional<Long>> attempt) {
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            Optional<Long> seq = attempt.get();
            if (seq.isPresent()) {
                return seq.get();
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25) * i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("membership change kept conflicting; retry");
    }

    /** Refuses users without a device (unknown users); their devices are kept in {@code known}. */
    private void requireDevices(List<String> userIds, Map<String, List<String>> known) {
        audience.devicesOf(userIds, known);
        for (String u : userIds) {
            if (known.get(u).isEmpty()) {
                throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "user '" + u + "' has no device");
            }
        }
    }

    private static Member requireAdmin(Identity actor, List<Member> current) {
        Member self = find(current, actor.userId()).orElseThrow(GroupService::notMember);
        if (!self.isAdmin()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only group admins may do this");
        }
        return self;
    }

    private static Optional<Member> find(List<Member> current, String userId) {
        return GroupQueries.find(current, userId);
    }

    private static List<Member> without(List<Member> current, String userId) {
        return current.stream().filter(m -> !m.userId().equals(userId)).toList();
    }

    private static Member promoted(Member m) {
        return new Member(m.groupId(), m.userId(), Role.ADMIN, m.memberSince(), m.joinedAt(), m.groupName());
    }

    private static ObjectNode event(String kind, List<String> userIds) {
        ObjectNode n = Json.object();
        n.put("event", kind);
        userIds.forEach(n.putArray("userIds")::add);
        return n;
    }

    private static ProtocolException notMember() {
        return GroupQueries.notMember();
    }

    private static ProtocolException full() {
        return new ProtocolException(ErrorCode.GROUP_FULL, "a group has at most " + MAX_MEMBERS + " members");
    }
}

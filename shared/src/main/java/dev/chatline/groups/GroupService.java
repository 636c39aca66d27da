package dev.chatline.groups;

import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.groups.GroupMemberStore.Roster;
import dev.chatline.groups.MembershipWriter.Change;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group membership: create, add, remove, leave, promote, accept or decline an invitation, info, list. The creator is
 * admin; only admins add, remove or promote; when the last admin leaves, the longest-standing member becomes admin.
 *
 * <p>Every change is all or nothing and conditional on the actor's own current role in the same transaction: one
 * transaction {group counters, member rows, group counts of the users, invitations, the change's system message}
 * ({@link MembershipWriter}) when it fits, else a {@link StagedChange}. Everything a change can refuse (capacity,
 * roles, consent, limits) is checked before its first write. A failed condition (a concurrent change) re-reads and
 * retries, at most {@value MembershipWriter#MAX_ATTEMPTS} times. Who joins at once and who is invited follows the
 * users' own setting ({@link AddConsent}). A client operation id ({@code opId}) makes a change idempotent: a retry
 * gets the original outcome, or finishes a change that stopped half way.
 */
public final class GroupService {
    private static final Logger LOG = LoggerFactory.getLogger(GroupService.class);
    public static final int MAX_MEMBERS = dev.chatline.protocol.GroupActions.MAX_MEMBERS;
    public static final String SYSTEM_CONTENT_TYPE = MembershipWriter.SYSTEM_CONTENT_TYPE;
    static final String REMOVE = "remove";
    static final String LEAVE = "leave";
    static final String PROMOTE = "admin";

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupUserStore users;
    private final MembershipWriter writer;
    private final StagedChange staged;
    private final GroupAdds adds;
    private final GroupInvitations invitations;
    private final RateLimiter limiter;
    private final GroupSlots slots;
    private final GroupListing listing;
    private final GroupSettings settings;
    private final Clock clock;

    /**
     * @param cell this deployment's cell (the home named in the ids of the groups it creates), empty: a single cell
     * @param localUser whether this cell serves a user (users of other cells are invited, never added at once)
     * @param slots where users of other cells are counted against the group cap ({@link GroupSlots#NONE}: none)
     */
    public GroupService(GroupStores stores, GroupMessaging messaging, GroupAudience audience, GroupAddContacts contacts,
                        RateLimiter limiter, GroupSettings settings, Clock clock, Optional<String> cell,
                        Predicate<String> localUser, GroupSlots slots) {
        this.slots = slots;
        this.listing = new GroupListing(stores.members(), cell.map(c -> stores.users()));
        this.groups = stores.groups();
        this.members = stores.members();
        this.users = stores.users();
        this.limiter = limiter;
        this.settings = settings;
        this.clock = clock;
        AddConsent consent = new AddConsent(stores.presence(), contacts, users, settings, localUser);
        this.writer = new MembershipWriter(messaging.chats(), messaging.messages(), messaging.delivery(), audience,
                messaging.settings(), clock);
        InviteNotices notices = new InviteNotices(messaging.queue(), audience, messaging.delivery());
        this.staged = new StagedChange(groups, members, users, writer, notices, settings, clock);
        this.adds = new GroupAdds(stores, consent, writer, staged, notices, audience, limiter, settings, clock, cell);
        this.invitations = new GroupInvitations(stores, consent, writer, staged, slots, settings, clock);
    }

    /** Creates a group with the actor as admin; the others join or are invited. Replies {@code groupInfo}. */
    public MembershipFrames.GroupInfo create(Identity actor, String name, List<String> userIds, String opId) {
        Optional<MembershipFrames.GroupInfo> replay = replay(actor, opId, StagedChange.CREATE, null);
        if (replay.isPresent()) {
            return replay.get();
        }
        GroupAdds.Outcome done = adds.create(actor, name, userIds, opId);
        users.markDelivered(actor.userId(), opId);
        return info(actor, done.groupId(), done.seq(), done.invited());
    }

    /** Adds users (admins only); members are skipped, users who did not allow the admin are invited. */
    public MembershipFrames.GroupInfo add(Identity actor, String groupId, List<String> userIds, String opId) {
        Optional<MembershipFrames.GroupInfo> replay = replay(actor, opId, StagedChange.ADD, groupId);
        if (replay.isPresent()) {
            return replay.get();
        }
        GroupAdds.Outcome done = adds.add(actor, groupId, userIds, opId);
        users.markDelivered(actor.userId(), opId);
        return info(actor, groupId, done.seq(), done.invited());
    }

    /** Removes a member (admins only; removing oneself is leaving). Replies {@code groupInfo}. */
    public MembershipFrames.GroupInfo remove(Identity actor, String groupId, String userId, String opId) {
        if (userId.equals(actor.userId())) {
            return leave(actor, groupId, opId);
        }
        boolean remote = slots.remote(userId);
        MembershipFrames.GroupInfo info = change(actor, groupId, REMOVE, opId, r -> {
            requireAdmin(actor, r.current());
            Member target = r.find(userId).orElseThrow(() -> unknownMember(userId));
            List<TransactionWrite> writes = new ArrayList<>(List.of(members.remove(target),
                    groups.removeMember(groupId, target.isAdmin(), false), members.adminNow(groupId, actor.userId())));
            writes.addAll(countedLeave(userId, remote));
            return s -> new Change(withRecord(actor, opId, groupId, REMOVE, s, writes), without(r.current(), userId),
                    MembershipWriter.event("removed", List.of(userId)));
        });
        releaseIf(remote, userId, groupId);
        return info;
    }

    /** The actor leaves; if it was the last admin, the longest-standing other member becomes admin. */
    public MembershipFrames.GroupInfo leave(Identity actor, String groupId, String opId) {
        boolean remote = slots.remote(actor.userId());
        MembershipFrames.GroupInfo info = change(actor, groupId, LEAVE, opId, r -> {
            Member self = r.find(actor.userId()).orElseThrow(GroupService::notMember);
            List<Member> after = new ArrayList<>(without(r.current(), actor.userId()));
            boolean lastAdmin = self.isAdmin() && r.current().stream().filter(Member::isAdmin).count() == 1;
            Optional<Member> heir = lastAdmin ? after.stream().findFirst() : Optional.empty();
            List<TransactionWrite> writes = new ArrayList<>(List.of(members.remove(self),
                    groups.removeMember(groupId, self.isAdmin(), heir.isPresent())));
            writes.addAll(countedLeave(actor.userId(), remote));
            var event = MembershipWriter.event("left", List.of(actor.userId()));
            heir.ifPresent(h -> {
                writes.add(members.promote(h));
                after.set(after.indexOf(h), promoted(h));
                event.putArray("promoted").add(h.userId());
            });
            return s -> new Change(withRecord(actor, opId, groupId, LEAVE, s, writes), after, event);
        });
        releaseIf(remote, actor.userId(), groupId);
        return info;
    }

    /** A leaving user's count, when it is counted here (a user of another cell is counted there). */
    private List<TransactionWrite> countedLeave(String userId, boolean remote) {
        return remote ? List.of() : List.of(users.leave(userId));
    }

    /**
     * After a user of another cell left (or a retry of that change), gives its slot back in its cell: idempotent,
     * and a failed release fails the call, whose retry (same {@code opId}) releases again.
     */
    private void releaseIf(boolean remote, String userId, String groupId) {
        if (remote) {
            slots.release(userId, groupId);
        }
    }

    /** Makes a member admin (admins only). Replies {@code groupInfo}. */
    public MembershipFrames.GroupInfo promote(Identity actor, String groupId, String userId, String opId) {
        return change(actor, groupId, PROMOTE, opId, r -> {
            requireAdmin(actor, r.current());
            Member target = r.find(userId).orElseThrow(() -> unknownMember(userId));
            if (target.isAdmin()) {
                return null;
            }
            List<Member> after = new ArrayList<>(r.current());
            after.set(after.indexOf(target), promoted(target));
            return s -> new Change(withRecord(actor, opId, groupId, PROMOTE, s, List.of(members.promote(target),
                    groups.addAdmin(groupId), members.adminNow(groupId, actor.userId()))), after,
                    MembershipWriter.event("promoted", List.of(userId)));
        });
    }

    /** Accepts an invitation: the actor joins the group. Replies {@code groupInfo}. */
    public MembershipFrames.GroupInfo accept(Identity actor, String groupId, String opId) {
        Optional<MembershipFrames.GroupInfo> replay = replay(actor, opId, GroupInvitations.ACCEPT, groupId);
        if (replay.isPresent()) {
            return replay.get();
        }
        long seq = invitations.accept(actor, groupId, opId, () -> users.doneSeq(actor.userId(), opId, g -> { }));
        users.markDelivered(actor.userId(), opId);
        return info(actor, groupId, seq, List.of());
    }

    /** Declines an invitation (it is deleted; nobody is told). */
    public Acks.GroupDeclineAck decline(Identity actor, String groupId) {
        invitations.decline(actor, groupId);
        return GroupFrames.declined(groupId);
    }

    /** The group and its members, for a member. */
    public MembershipFrames.GroupInfo info(Identity caller, String groupId) {
        return info(caller, groupId, 0, List.of());
    }

    /** A page of the caller's groups (at most {@code limit}), after {@code cursor} (from the previous page). */
    public MembershipFrames.GroupList list(Identity caller, Optional<String> cursor, int limit) {
        return listing.page(caller.userId(), cursor, limit);
    }

    /** A one-transaction change of an existing group: reads the roster, builds the change (null: none), commits. */
    private MembershipFrames.GroupInfo change(Identity actor, String groupId, String kind, String opId,
                          Function<Roster, LongFunction<Change>> build) {
        Optional<MembershipFrames.GroupInfo> replay = replay(actor, opId, kind, groupId);
        if (replay.isPresent()) {
            return replay.get();
        }
        long seq = MembershipWriter.retrying(() -> users.doneSeq(actor.userId(), opId, g -> { }), () -> {
            Roster r = members.roster(groupId);
            if (staged.blocks(r)) {
                return Optional.empty();
            }
            LongFunction<Change> change = build.apply(r);
            return change == null ? Optional.of(0L) : writer.commit(actor, groupId, new HashMap<>(), change);
        });
        if (seq > 0) {
            users.markDelivered(actor.userId(), opId);
        }
        return info(actor, groupId, seq, List.of());
    }

    /** Answers a retried {@code opId} with its outcome (finishing a staged change first); empty if it is new. */
    private Optional<MembershipFrames.GroupInfo> replay(Identity actor, String opId, String kind, String groupId) {
        if (opId == null) {
            return Optional.empty();
        }
        Optional<GroupUserStore.OpRecord> rec = users.op(actor.userId(), opId);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        GroupUserStore.OpRecord r = rec.get();
        if (!r.kind().equals(kind) || (groupId != null && !groupId.equals(r.groupId()))) {
            throw ClientFrame.invalid("opId", "was used for another request");
        }
        Optional<PendingOp> mine = members.roster(r.groupId()).op()
                .filter(op -> op.opKey().equals(StagedChange.opKey(actor.userId(), opId)));
        if (mine.isPresent()) {
            long seq = staged.resume(mine.get(), new HashMap<>());
            users.markDelivered(actor.userId(), opId);
            return Optional.of(info(actor, r.groupId(), seq, mine.get().invited()));
        }
        if (!r.done()) { // a staged change that was rolled back after its lease: start afresh
            users.forgetOp(actor.userId(), opId);
            return Optional.empty();
        }
        if (!r.delivered()) { // the function died between the commit and the end of the delivery
            redeliver(actor, r);
            users.markDelivered(actor.userId(), opId);
        }
        LOG.info("operation {} of {} was done at seq {}: answering it again", opId, actor.userId(), r.seq());
        return Optional.of(info(actor, r.groupId(), r.seq(), r.invited()));
    }

    /**
     * Delivers a committed change's system message again, to the members that joined before it (inbox rows are
     * idempotent puts; a device that already has the message de-duplicates it by id).
     */
    private void redeliver(Identity actor, GroupUserStore.OpRecord r) {
        LOG.info("operation {} of {} was done at seq {} but not delivered: delivering it", r.opId(), actor.userId(),
                r.seq());
        writer.stored(r.groupId(), r.seq()).ifPresent(m -> writer.deliver(m, members.members(r.groupId()).stream()
                .filter(x -> x.memberSince() < r.seq()).toList(), new Identity(actor.userId(), m.senderDeviceId()),
                new HashMap<>()));
    }

    private MembershipFrames.GroupInfo info(Identity caller, String groupId, long seq, List<String> invited) {
        List<Member> current = members.members(groupId);
        if (current.stream().noneMatch(m -> m.userId().equals(caller.userId()))) {
            if (seq > 0) { // the caller just left: it may still see the outcome
                return GroupFrames.left(groupId, seq);
            }
            throw notMember();
        }
        GroupStore.Group group = groups.get(groupId).orElseThrow(GroupService::notMember);
        return GroupFrames.info(group, current, seq, invited);
    }

    private List<TransactionWrite> withRecord(Identity actor, String opId, String groupId, String kind, long seq,
                                               List<TransactionWrite> writes) {
        return withRecord(actor, opId, groupId, kind, seq, writes, List.of());
    }

    private List<TransactionWrite> withRecord(Identity actor, String opId, String groupId, String kind, long seq,
                                               List<TransactionWrite> writes, List<String> invited) {
        List<TransactionWrite> all = new ArrayList<>(writes);
        all.addAll(users.doneIfIdentified(actor.userId(), opId, groupId, kind, seq, invited,
                clock.instant().plus(settings.opRetention()).getEpochSecond()));
        return all;
    }

    static Member requireAdmin(Identity actor, List<Member> current) {
        Member self = current.stream().filter(m -> m.userId().equals(actor.userId())).findFirst()
                .orElseThrow(GroupService::notMember);
        if (!self.isAdmin()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only group admins may do this");
        }
        return self;
    }

    private static List<Member> without(List<Member> current, String userId) {
        return current.stream().filter(m -> !m.userId().equals(userId)).toList();
    }

    private static Member promoted(Member m) {
        return new Member(m.groupId(), m.userId(), Role.ADMIN, m.memberSince(), m.joinedAt(), m.groupName());
    }

    static ProtocolException notMember() {
        return new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this group");
    }

    private static ProtocolException unknownMember(String userId) {
        return new ProtocolException(ErrorCode.UNKNOWN_MEMBER, "user '" + userId + "' is not a member of this group");
    }

    static ProtocolException full() {
        return new ProtocolException(ErrorCode.GROUP_FULL, "a group has at most " + MAX_MEMBERS + " members");
    }
}

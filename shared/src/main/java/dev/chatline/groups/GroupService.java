package dev.chatline.groups;

import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.PendingOp;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.groups.GroupMemberStore.Roster;
import dev.chatline.groups.MembershipWriter.Change;
import dev.chatline.messaging.Ulid;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

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
    public static final int MAX_MEMBERS = 256;
    public static final String SYSTEM_CONTENT_TYPE = MembershipWriter.SYSTEM_CONTENT_TYPE;
    /** Items of a one-transaction creation besides 2 per member and 1 per invitation (group, creator ×2, record,
     * message, header). */
    private static final int CREATE_ITEMS = 6;
    /** Items of a one-transaction add besides 2 per member and 1 per invitation (group, admin check, record,
     * message, header). */
    private static final int ADD_ITEMS = 5;
    static final String REMOVE = "remove";
    static final String LEAVE = "leave";
    static final String PROMOTE = "admin";

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupUserStore users;
    private final AddConsent consent;
    private final MembershipWriter writer;
    private final StagedChange staged;
    private final InviteNotices notices;
    private final GroupInvitations invitations;
    private final GroupAudience audience;
    private final RateLimiter limiter;
    private final GroupSettings settings;
    private final Clock clock;
    private final Ulid ids;

    public GroupService(GroupStores stores, GroupMessaging messaging, GroupAudience audience, ContactCheck contacts,
                        RateLimiter limiter, GroupSettings settings, Clock clock) {
        this.groups = stores.groups();
        this.members = stores.members();
        this.users = stores.users();
        this.audience = audience;
        this.limiter = limiter;
        this.settings = settings;
        this.clock = clock;
        this.ids = new Ulid(clock);
        this.consent = new AddConsent(stores.presence(), contacts, users, settings);
        this.writer = new MembershipWriter(messaging.chats(), messaging.messages(), messaging.delivery(), audience,
                messaging.settings(), clock);
        this.notices = new InviteNotices(messaging.queue(), audience);
        this.staged = new StagedChange(groups, members, users, writer, notices, settings, clock);
        this.invitations = new GroupInvitations(stores, consent, writer, staged, settings, clock);
    }

    /** Creates a group with the actor as admin; the others join or are invited. Replies {@code groupInfo}. */
    public String create(Identity actor, String name, List<String> userIds, String opId, String requestId) {
        limitChange(actor);
        Optional<String> replay = replay(actor, opId, StagedChange.CREATE, null, requestId);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<String> others = userIds.stream().filter(u -> !u.equals(actor.userId())).distinct().toList();
        if (others.size() + 1 > MAX_MEMBERS) {
            throw full();
        }
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(others, known);
        consent.requireRoom(actor.userId());
        AddConsent.Plan first = consent.plan(actor.userId(), others);
        limitInvitations(actor, first.invite());
        String groupId = ids.next();
        AtomicReference<AddConsent.Plan> plan = new AtomicReference<>(first);
        AtomicInteger attempts = new AtomicInteger();
        long seq;
        if (fits(CREATE_ITEMS, first)) {
            // a retry re-plans: a user who reached the group cap meanwhile is invited instead
            seq = MembershipWriter.retrying(() -> createInOne(actor, groupId, name, plan.updateAndGet(p ->
                    attempts.getAndIncrement() == 0 ? p : consent.plan(actor.userId(), others)), opId, known));
            notices.invited(groupId, name, actor.userId(), seq, inviteExpiry(), plan.get().invite(), known);
        } else {
            seq = staged.create(actor, opIdOrNew(opId), groupId, name, first, known);
        }
        LOG.info("created group {}: {} members, {} invited", groupId, plan.get().add().size() + 1,
                plan.get().invite().size());
        return info(actor, groupId, requestId, seq, plan.get().invite());
    }

    /** Adds users (admins only); members are skipped, users who did not allow the admin are invited. */
    public String add(Identity actor, String groupId, List<String> userIds, String opId, String requestId) {
        limitChange(actor);
        Optional<String> replay = replay(actor, opId, StagedChange.ADD, groupId, requestId);
        if (replay.isPresent()) {
            return replay.get();
        }
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(userIds, known);
        AtomicReference<List<String>> invited = new AtomicReference<>();
        long seq = MembershipWriter.retrying(() -> {
            Roster r = members.roster(groupId);
            Optional<PendingOp> mine = r.op().filter(op -> opId != null
                    && op.opKey().equals(StagedChange.opKey(actor.userId(), opId)));
            if (mine.isPresent()) { // a concurrent duplicate of this request took the lock
                invited.set(mine.get().invited());
                return Optional.of(staged.resume(mine.get(), known));
            }
            if (locked(r)) {
                return Optional.empty();
            }
            Member admin = requireAdmin(actor, r.current());
            List<String> fresh = userIds.stream().filter(u -> r.find(u).isEmpty()).toList();
            AddConsent.Plan plan = consent.plan(actor.userId(), fresh);
            if (plan.isEmpty()) {
                invited.set(List.of());
                return Optional.of(0L);
            }
            if (r.current().size() + plan.add().size() > MAX_MEMBERS) {
                throw full();
            }
            if (invited.get() == null) {
                limitInvitations(actor, plan.invite());
            }
            invited.set(plan.invite());
            return fits(ADD_ITEMS, plan) ? addInOne(actor, admin, r.current(), plan, opId, known)
                    : staged.add(actor, opIdOrNew(opId), groupId, admin.groupName(), plan, known);
        });
        return info(actor, groupId, requestId, seq, invited.get());
    }

    /** Removes a member (admins only; removing oneself is leaving). Replies {@code groupInfo}. */
    public String remove(Identity actor, String groupId, String userId, String opId, String requestId) {
        if (userId.equals(actor.userId())) {
            return leave(actor, groupId, opId, requestId);
        }
        return change(actor, groupId, REMOVE, opId, requestId, r -> {
            requireAdmin(actor, r.current());
            Member target = r.find(userId).orElseThrow(() -> unknownMember(userId));
            return s -> new Change(withRecord(actor, opId, groupId, REMOVE, s, List.of(members.remove(target),
                    groups.removeMember(groupId, target.isAdmin(), false), members.adminNow(groupId, actor.userId()),
                    users.leave(userId))), without(r.current(), userId),
                    MembershipWriter.event("removed", List.of(userId)));
        });
    }

    /** The actor leaves; if it was the last admin, the longest-standing other member becomes admin. */
    public String leave(Identity actor, String groupId, String opId, String requestId) {
        return change(actor, groupId, LEAVE, opId, requestId, r -> {
            Member self = r.find(actor.userId()).orElseThrow(GroupService::notMember);
            List<Member> after = new ArrayList<>(without(r.current(), actor.userId()));
            boolean lastAdmin = self.isAdmin() && r.current().stream().filter(Member::isAdmin).count() == 1;
            Optional<Member> heir = lastAdmin ? after.stream().findFirst() : Optional.empty();
            List<TransactWriteItem> writes = new ArrayList<>(List.of(members.remove(self),
                    groups.removeMember(groupId, self.isAdmin(), heir.isPresent()), users.leave(actor.userId())));
            var event = MembershipWriter.event("left", List.of(actor.userId()));
            heir.ifPresent(h -> {
                writes.add(members.promote(h));
                after.set(after.indexOf(h), promoted(h));
                event.putArray("promoted").add(h.userId());
            });
            return s -> new Change(withRecord(actor, opId, groupId, LEAVE, s, writes), after, event);
        });
    }

    /** Makes a member admin (admins only). Replies {@code groupInfo}. */
    public String promote(Identity actor, String groupId, String userId, String opId, String requestId) {
        return change(actor, groupId, PROMOTE, opId, requestId, r -> {
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
    public String accept(Identity actor, String groupId, String opId, String requestId) {
        limitChange(actor);
        Optional<String> replay = replay(actor, opId, GroupInvitations.ACCEPT, groupId, requestId);
        return replay.orElseGet(() -> info(actor, groupId, requestId, invitations.accept(actor, groupId, opId),
                List.of()));
    }

    /** Declines an invitation (it is deleted; nobody is told). */
    public String decline(Identity actor, String groupId, String requestId) {
        limitChange(actor);
        invitations.decline(actor, groupId);
        return GroupFrames.declined(requestId, groupId);
    }

    /** The group and its members, for a member. */
    public String info(Identity caller, String groupId, String requestId) {
        limiter.acquire("groupRead#" + caller.userId(), settings.reads());
        return info(caller, groupId, requestId, 0, List.of());
    }

    /** A page of the caller's groups (at most {@code limit}), after {@code cursor} (from the previous page). */
    public String list(Identity caller, Optional<String> cursor, int limit, String requestId) {
        limiter.acquire("groupRead#" + caller.userId(), settings.reads());
        return GroupFrames.list(requestId, members.groupsPage(caller.userId(), cursor.map(GroupFrames::decodeCursor),
                limit));
    }

    /** A one-transaction change of an existing group: reads the roster, builds the change (null: none), commits. */
    private String change(Identity actor, String groupId, String kind, String opId, String requestId,
                          Function<Roster, LongFunction<Change>> build) {
        limitChange(actor);
        Optional<String> replay = replay(actor, opId, kind, groupId, requestId);
        if (replay.isPresent()) {
            return replay.get();
        }
        long seq = MembershipWriter.retrying(() -> {
            Roster r = members.roster(groupId);
            if (locked(r)) {
                return Optional.empty();
            }
            LongFunction<Change> change = build.apply(r);
            return change == null ? Optional.of(0L) : writer.commit(actor, groupId, new HashMap<>(), change);
        });
        return info(actor, groupId, requestId, seq, List.of());
    }

    private Optional<Long> createInOne(Identity actor, String groupId, String name, AddConsent.Plan plan,
                                       String opId, Map<String, List<String>> known) {
        return writer.commit(actor, groupId, known, s -> {
            long now = clock.millis();
            List<Member> after = new ArrayList<>();
            after.add(new Member(groupId, actor.userId(), Role.ADMIN, s - 1, now, name));
            plan.add().forEach(u -> after.add(new Member(groupId, u, Role.MEMBER, s - 1, now, name)));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(groups.create(new GroupStore.Group(groupId, name, actor.userId(), now, after.size(), 1)));
            joins(after, writes);
            invite(actor, groupId, name, plan.invite(), writes);
            return new Change(withRecord(actor, opId, groupId, StagedChange.CREATE, s, writes, plan.invite()), after,
                    MembershipWriter.createEvent(name, plan.add(), plan.invite()));
        });
    }

    private Optional<Long> addInOne(Identity actor, Member admin, List<Member> current, AddConsent.Plan plan,
                                    String opId, Map<String, List<String>> known) {
        String groupId = admin.groupId();
        Optional<Long> seq = writer.commit(actor, groupId, known, s -> {
            long now = clock.millis();
            List<Member> joining = plan.add().stream().map(u -> new Member(groupId, u, Role.MEMBER, s - 1, now,
                    admin.groupName())).toList();
            List<TransactWriteItem> writes = new ArrayList<>(List.of(
                    groups.addMembers(groupId, joining.size(), MAX_MEMBERS), members.adminNow(groupId, actor.userId())));
            joins(joining, writes);
            invite(actor, groupId, admin.groupName(), plan.invite(), writes);
            List<Member> after = new ArrayList<>(current);
            after.addAll(joining);
            return new Change(withRecord(actor, opId, groupId, StagedChange.ADD, s, writes, plan.invite()), after,
                    MembershipWriter.addEvent(plan.add(), plan.invite()));
        });
        seq.ifPresent(s -> notices.invited(groupId, admin.groupName(), actor.userId(), s, inviteExpiry(),
                plan.invite(), known));
        return seq;
    }

    /** Answers a retried {@code opId} with its outcome (finishing a staged change first); empty if it is new. */
    private Optional<String> replay(Identity actor, String opId, String kind, String groupId, String requestId) {
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
            return Optional.of(info(actor, r.groupId(), requestId, seq, mine.get().invited()));
        }
        if (!r.done()) { // a staged change that was rolled back after its lease: start afresh
            users.forgetOp(actor.userId(), opId);
            return Optional.empty();
        }
        LOG.info("operation {} of {} was done at seq {}: answering it again", opId, actor.userId(), r.seq());
        return Optional.of(info(actor, r.groupId(), requestId, r.seq(), r.invited()));
    }

    private String info(Identity caller, String groupId, String requestId, long seq, List<String> invited) {
        List<Member> current = members.members(groupId);
        if (current.stream().noneMatch(m -> m.userId().equals(caller.userId()))) {
            if (seq > 0) { // the caller just left: it may still see the outcome
                return GroupFrames.left(requestId, groupId, seq);
            }
            throw notMember();
        }
        GroupStore.Group group = groups.get(groupId).orElseThrow(GroupService::notMember);
        return GroupFrames.info(requestId, group, current, seq, invited);
    }

    /** Whether another change holds the group (an abandoned one is finished or undone first: re-read). */
    private boolean locked(Roster r) {
        r.op().ifPresent(staged::clear);
        return r.op().isPresent();
    }

    private void joins(List<Member> joining, List<TransactWriteItem> writes) {
        for (Member m : joining) {
            writes.add(members.add(m));
            writes.add(users.join(m.userId(), settings.maxGroupsPerUser()));
        }
    }

    private void invite(Identity actor, String groupId, String name, List<String> invitees,
                        List<TransactWriteItem> writes) {
        long now = clock.millis();
        invitees.forEach(u -> writes.add(users.invite(new GroupUserStore.Invitation(u, groupId, name, actor.userId(),
                now, inviteExpiry() / 1000, null))));
    }

    private List<TransactWriteItem> withRecord(Identity actor, String opId, String groupId, String kind, long seq,
                                               List<TransactWriteItem> writes) {
        return withRecord(actor, opId, groupId, kind, seq, writes, List.of());
    }

    private List<TransactWriteItem> withRecord(Identity actor, String opId, String groupId, String kind, long seq,
                                               List<TransactWriteItem> writes, List<String> invited) {
        List<TransactWriteItem> all = new ArrayList<>(writes);
        all.addAll(users.doneIfIdentified(actor.userId(), opId, groupId, kind, seq, invited,
                clock.instant().plus(settings.opRetention()).getEpochSecond()));
        return all;
    }

    private boolean fits(int fixedItems, AddConsent.Plan plan) {
        return fixedItems + 2 * plan.add().size() + plan.invite().size() <= settings.maxTransactionItems();
    }

    private void limitChange(Identity actor) {
        limiter.acquire("groupChange#" + actor.userId(), settings.changes());
    }

    /** Invitations count per inviter (all at once) and per (inviter, invitee), before anything is written. */
    private void limitInvitations(Identity actor, List<String> invitees) {
        if (invitees.isEmpty()) {
            return;
        }
        limiter.acquire("groupInvite#" + actor.userId(), settings.invitesPerInviter(), invitees.size());
        invitees.forEach(u -> limiter.acquire("groupInvite#" + actor.userId() + "#" + u, settings.invitesPerPair()));
    }

    private long inviteExpiry() {
        return clock.millis() + settings.inviteTtl().toMillis();
    }

    private String opIdOrNew(String opId) {
        return opId != null ? opId : ids.next();
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

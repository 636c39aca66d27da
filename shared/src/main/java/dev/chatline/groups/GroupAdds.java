package dev.chatline.groups;

import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.groups.GroupMemberStore.Roster;
import dev.chatline.groups.MembershipWriter.Change;
import dev.chatline.messaging.GroupIds;
import dev.chatline.messaging.Ulid;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes that bring users into a group, creation and add. Everything they can refuse is checked before the
 * first write: unknown users, capacity, the actor's role, the actor's own room for a group, each user's consent and
 * group count ({@link AddConsent}: who joins and who is invited), the invitation limits. Then one transaction {the
 * group row, a member row and a group count per joiner, an invitation per invitee, the actor's operation record, the
 * system message} when it fits, else a {@link StagedChange}; then the invitations are sent.
 */
final class GroupAdds {
    private static final Logger LOG = LoggerFactory.getLogger(GroupAdds.class);
    /** Items of a one-transaction creation besides 2 per member and 1 per invitation (group, creator ×2, record,
     * message, header). */
    private static final int CREATE_ITEMS = 6;
    /** Items of a one-transaction add besides 2 per member and 1 per invitation (group, admin check, record,
     * message, header). */
    private static final int ADD_ITEMS = 5;

    /** What a creation or an add did: the group, the seq of its system message (0: nothing), who was invited. */
    record Outcome(String groupId, long seq, List<String> invited) {
    }

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupUserStore users;
    private final AddConsent consent;
    private final MembershipWriter writer;
    private final StagedChange staged;
    private final InviteNotices notices;
    private final GroupAudience audience;
    private final RateLimiter limiter;
    private final GroupSettings settings;
    private final Clock clock;
    private final Ulid ids;
    private final Optional<String> cell;

    /** @param cell the cell this deployment is (named in the ids of the groups it creates), empty: a single cell */
    GroupAdds(GroupStores stores, AddConsent consent, MembershipWriter writer, StagedChange staged,
              InviteNotices notices, GroupAudience audience, RateLimiter limiter, GroupSettings settings, Clock clock,
              Optional<String> cell) {
        this.groups = stores.groups();
        this.members = stores.members();
        this.users = stores.users();
        this.consent = consent;
        this.writer = writer;
        this.staged = staged;
        this.notices = notices;
        this.audience = audience;
        this.limiter = limiter;
        this.settings = settings;
        this.clock = clock;
        this.ids = new Ulid(clock);
        this.cell = cell;
    }

    /** Creates a group with the actor as admin; the others join or are invited. */
    Outcome create(Identity actor, String name, List<String> userIds, String opId) {
        List<String> others = userIds.stream().filter(u -> !u.equals(actor.userId())).distinct().toList();
        if (others.size() + 1 > GroupService.MAX_MEMBERS) {
            throw GroupService.full();
        }
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(others, known);
        consent.requireRoom(actor.userId());
        AddConsent.Plan first = consent.plan(actor.userId(), others);
        limitInvitations(actor, first.invite());
        String groupId = GroupIds.mint(ids.next(), cell);
        if (!fits(CREATE_ITEMS, first)) {
            return new Outcome(groupId, staged.create(actor, opIdOrNew(opId), groupId, name, first, known),
                    first.invite());
        }
        AtomicReference<AddConsent.Plan> plan = new AtomicReference<>(first);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<String> created = new AtomicReference<>(groupId);
        // a duplicate of this request (same opId) that committed first created the group under its own id
        Supplier<Optional<Long>> duplicate = () -> users.doneSeq(actor.userId(), opId, created::set);
        // a retry re-plans: a user who reached the group cap meanwhile is invited instead
        long seq = MembershipWriter.retrying(duplicate, () -> createInOne(actor, groupId, name, plan.updateAndGet(p ->
                attempts.getAndIncrement() == 0 ? p : consent.plan(actor.userId(), others)), opId, known));
        if (created.get().equals(groupId)) {
            notices.invited(groupId, name, actor.userId(), seq, inviteExpiry(), plan.get().invite(), known);
        }
        LOG.info("created group {}: {} members, {} invited", created.get(), plan.get().add().size() + 1,
                plan.get().invite().size());
        return new Outcome(created.get(), seq, plan.get().invite());
    }

    /** Adds users (admins only); members are skipped, users who did not allow the admin are invited. */
    Outcome add(Identity actor, String groupId, List<String> userIds, String opId) {
        Map<String, List<String>> known = new HashMap<>();
        requireDevices(userIds, known);
        AtomicReference<List<String>> invited = new AtomicReference<>();
        long seq = MembershipWriter.retrying(() -> users.doneSeq(actor.userId(), opId, g -> { }), () -> {
            Roster r = members.roster(groupId);
            Optional<PendingOp> mine = r.op().filter(op -> opId != null
                    && op.opKey().equals(StagedChange.opKey(actor.userId(), opId)));
            if (mine.isPresent()) { // a concurrent duplicate of this request took the lock
                invited.set(mine.get().invited());
                return Optional.of(staged.resume(mine.get(), known));
            }
            if (staged.blocks(r)) {
                return Optional.empty();
            }
            Member admin = GroupService.requireAdmin(actor, r.current());
            AddConsent.Plan plan = consent.plan(actor.userId(), userIds.stream().filter(u -> r.find(u).isEmpty())
                    .toList());
            if (plan.isEmpty()) {
                invited.set(List.of());
                return Optional.of(0L);
            }
            if (r.current().size() + plan.add().size() > GroupService.MAX_MEMBERS) {
                throw GroupService.full();
            }
            if (invited.get() == null) {
                limitInvitations(actor, plan.invite());
            }
            invited.set(plan.invite());
            return fits(ADD_ITEMS, plan) ? addInOne(actor, admin, r.current(), plan, opId, known)
                    : staged.add(actor, opIdOrNew(opId), groupId, admin.groupName(), plan, known);
        });
        return new Outcome(groupId, seq, invited.get() == null ? List.of() : invited.get());
    }

    private Optional<Long> createInOne(Identity actor, String groupId, String name, AddConsent.Plan plan,
                                       String opId, Map<String, List<String>> known) {
        return writer.commit(actor, groupId, known, s -> {
            long now = clock.millis();
            List<Member> after = new ArrayList<>();
            after.add(new Member(groupId, actor.userId(), Role.ADMIN, s - 1, now, name));
            plan.add().forEach(u -> after.add(new Member(groupId, u, Role.MEMBER, s - 1, now, name)));
            List<TransactionWrite> writes = new ArrayList<>();
            writes.add(groups.create(new GroupStore.Group(groupId, name, actor.userId(), now, after.size(), 1)));
            joins(after, writes);
            invite(actor, groupId, name, plan.invite(), writes);
            writes.addAll(record(actor, opId, groupId, StagedChange.CREATE, s, plan.invite()));
            return new Change(writes, after, MembershipWriter.createEvent(name, plan.add(), plan.invite()));
        });
    }

    private Optional<Long> addInOne(Identity actor, Member admin, List<Member> current, AddConsent.Plan plan,
                                    String opId, Map<String, List<String>> known) {
        String groupId = admin.groupId();
        Optional<Long> seq = writer.commit(actor, groupId, known, s -> {
            long now = clock.millis();
            List<Member> joining = plan.add().stream().map(u -> new Member(groupId, u, Role.MEMBER, s - 1, now,
                    admin.groupName())).toList();
            List<TransactionWrite> writes = new ArrayList<>(List.of(groups.addMembers(groupId, joining.size(),
                    GroupService.MAX_MEMBERS), members.adminNow(groupId, actor.userId())));
            joins(joining, writes);
            invite(actor, groupId, admin.groupName(), plan.invite(), writes);
            writes.addAll(record(actor, opId, groupId, StagedChange.ADD, s, plan.invite()));
            List<Member> after = new ArrayList<>(current);
            after.addAll(joining);
            return new Change(writes, after, MembershipWriter.addEvent(plan.add(), plan.invite()));
        });
        seq.ifPresent(s -> notices.invited(groupId, admin.groupName(), actor.userId(), s, inviteExpiry(),
                plan.invite(), known));
        return seq;
    }

    private void joins(List<Member> joining, List<TransactionWrite> writes) {
        for (Member m : joining) {
            writes.add(members.add(m));
            writes.add(users.join(m.userId(), settings.maxGroupsPerUser()));
        }
    }

    private void invite(Identity actor, String groupId, String name, List<String> invitees,
                        List<TransactionWrite> writes) {
        long now = clock.millis();
        invitees.forEach(u -> writes.add(users.invite(new GroupUserStore.Invitation(u, groupId, name, actor.userId(),
                now, inviteExpiry() / 1000, null))));
    }

    private List<TransactionWrite> record(Identity actor, String opId, String groupId, String kind, long seq,
                                           List<String> invited) {
        return users.doneIfIdentified(actor.userId(), opId, groupId, kind, seq, invited,
                clock.instant().plus(settings.opRetention()).getEpochSecond());
    }

    private boolean fits(int fixedItems, AddConsent.Plan plan) {
        return fixedItems + 2 * plan.add().size() + plan.invite().size() <= settings.maxTransactionItems();
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
}

package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.groups.GroupMemberStore.Roster;
import dev.chatline.groups.GroupUserStore.Invitation;
import dev.chatline.groups.GroupUserStore.OpRecord;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.protocol.ProtocolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A creation or an add too large for one DynamoDB transaction (100 items), applied all or nothing and converging
 * after a crash between any two of its steps:
 * <ol>
 *   <li><b>lock</b> (one transaction): the group row takes the lock (a creation writes the row locked, with nothing
 *   counted), capacity checked, the actor's admin row checked; the group's <b>operation row</b> records the plan
 *   (users added, users invited), {@code staging}; the actor's operation record says {@code running}.</li>
 *   <li><b>stage</b> (transactions of up to 99 items, each conditional on the operation still staging): one staged
 *   member row per user, invisible to every read ({@link GroupMemberStore}), and the invitations.</li>
 *   <li><b>commit</b> (one transaction, the point of no return): the counters, the operation row {@code committed}
 *   at the system message's seq, the actor's record {@code done}, the system message and its header. From here on
 *   every read counts the staged rows as members, joined at that seq.</li>
 *   <li><b>publish</b> (transactions of up to 50 users): each staged row becomes a plain row, and the user's group
 *   count moves in the same transaction, so a repeat never counts twice.</li>
 *   <li><b>unlock</b> (one transaction), then delivery of the system message and the invitations.</li>
 * </ol>
 * Every step is idempotent and skips what is done, so a crash at any point is finished by the client's retry with
 * the same {@code opId} (which resumes whatever the lock's age; concurrent runs of the same change only race on
 * conditional writes) or, once the lock is older than its lease (longer than the function's timeout, so its owner
 * is dead), by the next change of the group: a committed change is published, a staging one is <b>aborted</b>
 * (the operation row says so first, so its owner can neither stage nor commit any more) and rolled back. While the
 * lock is held, other changes of the group are refused with {@link ErrorCode#GROUP_BUSY}; sends, receipts and
 * reads go on.
 */
final class StagedChange {
    static final String CREATE = "create";
    static final String ADD = "add";
    private static final Logger LOG = LoggerFactory.getLogger(StagedChange.class);

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupUserStore users;
    private final MembershipWriter writer;
    private final InviteNotices notices;
    private final GroupSettings settings;
    private final Clock clock;

    StagedChange(GroupStore groups, GroupMemberStore members, GroupUserStore users, MembershipWriter writer,
                 InviteNotices notices, GroupSettings settings, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.users = users;
        this.writer = writer;
        this.notices = notices;
        this.settings = settings;
        this.clock = clock;
    }

    /** The key of a change: {@code <userId>#<opId>} (user ids cannot contain {@code #}). */
    static String opKey(String userId, String opId) {
        return userId + "#" + opId;
    }

    /** Creates a group (a new id) with the actor as admin; returns the seq of its "created" message. */
    long create(Identity actor, String opId, String groupId, String name, AddConsent.Plan plan,
                Map<String, List<String>> known) {
        long now = clock.millis();
        PendingOp op = new PendingOp(groupId, opKey(actor.userId(), opId), CREATE, actor.userId(), actor.deviceId(),
                name, plan.add(), plan.invite(), now);
        if (!groups.transact(List.of(groups.create(new GroupStore.Group(groupId, name, actor.userId(), now, 0, 0,
                op.opKey(), now)), members.putOp(op), users.opStarted(record(op, opId))))) {
            throw new IllegalStateException("operation " + opId + " is already running; retry");
        }
        return run(op, known);
    }

    /**
     * Adds to a group whose admin the actor was when the caller read it; empty if the group changed since (the
     * lock's transaction checks capacity, the lock and the actor's role again): the caller re-reads.
     */
    Optional<Long> add(Identity actor, String opId, String groupId, String groupName, AddConsent.Plan plan,
                       Map<String, List<String>> known) {
        long now = clock.millis();
        PendingOp op = new PendingOp(groupId, opKey(actor.userId(), opId), ADD, actor.userId(), actor.deviceId(),
                groupName, plan.add(), plan.invite(), now);
        boolean locked = groups.transact(List.of(groups.lock(groupId, op.opKey(), now, plan.add().size(),
                        GroupService.MAX_MEMBERS), members.adminNow(groupId, actor.userId()), members.putOp(op),
                users.opStarted(record(op, opId))));
        return locked ? Optional.of(run(op, known)) : Optional.empty();
    }

    /** Continues the actor's own change from wherever it stopped (its retry); returns its seq. */
    long resume(PendingOp op, Map<String, List<String>> known) {
        LOG.info("resuming change {} of group {}", op.opKey(), op.groupId());
        return run(op, known);
    }

    /**
     * Whether another change holds the group read in {@code r}: refused while its lease runs, else finished or
     * rolled back first (then true too: the caller re-reads).
     */
    boolean blocks(Roster r) {
        r.op().ifPresent(this::clear);
        return r.op().isPresent();
    }

    /**
     * Another change met the lock of {@code op}: refused while the lock is younger than its lease; else the
     * abandoned change is finished (committed) or rolled back (not committed), and the caller re-reads.
     */
    void clear(PendingOp op) {
        long age = clock.millis() - op.startedAt();
        long lease = settings.lockLease().toMillis();
        if (age < lease) {
            throw new ProtocolException(ErrorCode.GROUP_BUSY, "another change of this group is being applied",
                    Math.min(1_000, lease - age));
        }
        LOG.warn("change {} of group {} was abandoned {} ms ago; taking it over", op.opKey(), op.groupId(), age);
        if (op.committed() || !members.abortOp(op.groupId(), op.opKey())) {
            members.op(op.groupId(), op.opKey()).filter(PendingOp::committed).ifPresent(c -> {
                publish(c);
                unlock(c);
            });
            return;
        }
        rollBack(op);
    }

    private long run(PendingOp op, Map<String, List<String>> known) {
        Optional<StoredMessage> message = Optional.empty();
        PendingOp done = op;
        if (!op.committed()) {
            stage(op);
            message = commit(op);
            long seq = message.map(StoredMessage::seq).orElseGet(() -> members.op(op.groupId(), op.opKey())
                    .filter(PendingOp::committed).map(PendingOp::seq).orElseThrow(() -> lost(op)));
            done = op.committedAt(seq);
        }
        publish(done);
        unlock(done);
        long seq = done.seq();
        Identity actor = new Identity(op.actorUserId(), op.actorDeviceId());
        StoredMessage m = message.or(() -> writer.stored(op.groupId(), seq)).orElseThrow(() -> lost(op));
        writer.deliver(m, members.members(op.groupId()).stream().filter(x -> x.memberSince() < seq).toList(),
                actor, known);
        notices.invited(op.groupId(), op.groupName(), op.actorUserId(), seq, inviteExpiry(op), op.invited(), known);
        return seq;
    }

    /** Writes every staged row and invitation not yet written (all chunks conditional on the change staging). */
    private void stage(PendingOp op) {
        for (int attempt = 1; attempt <= MembershipWriter.MAX_ATTEMPTS; attempt++) {
            Roster r = members.roster(op.groupId());
            PendingOp now = r.op().filter(o -> o.opKey().equals(op.opKey())).orElseThrow(() -> lost(op));
            if (!now.staging()) {
                return; // committed by a concurrent run of the same change
            }
            Set<String> staged = r.staged().stream().filter(m -> op.opKey().equals(m.pendingOp()))
                    .map(Member::userId).collect(Collectors.toSet());
            List<TransactionWrite> items = new ArrayList<>();
            joiners(op).stream().filter(m -> !staged.contains(m.userId()))
                    .forEach(m -> items.add(members.stage(m, op.opKey())));
            op.invited().forEach(u -> items.add(users.invite(new Invitation(u, op.groupId(), op.groupName(),
                    op.actorUserId(), op.startedAt(), inviteExpiry(op) / 1000, op.opKey()))));
            if (inChunks(items, settings.maxTransactionItems() - 1,
                    chunk -> append(chunk, members.stillStaging(op.groupId(), op.opKey())))) {
                return;
            }
            MembershipWriter.pause(attempt);
        }
        throw new IllegalStateException("could not stage change " + op.opKey());
    }

    /** The commit transaction; the message if this run committed it, empty if a concurrent run did. */
    private Optional<StoredMessage> commit(PendingOp op) {
        Identity actor = new Identity(op.actorUserId(), op.actorDeviceId());
        boolean create = CREATE.equals(op.kind());
        String opId = op.opKey().substring(op.actorUserId().length() + 1);
        for (int attempt = 1; attempt <= MembershipWriter.MAX_ATTEMPTS; attempt++) {
            Roster r = members.roster(op.groupId());
            long seq = writer.nextSeq(op.groupId());
            List<TransactionWrite> writes = new ArrayList<>(List.of(
                    groups.commitLocked(op.groupId(), op.opKey(), joiners(op).size(), create ? 1 : 0),
                    members.commitOp(op.groupId(), op.opKey(), seq),
                    users.opDone(record(op, opId).completed(seq, op.invited()))));
            if (!create) {
                writes.add(members.adminNow(op.groupId(), op.actorUserId()));
            }
            List<Member> after = new ArrayList<>(r.current());
            joiners(op).forEach(m -> after.add(m.since(seq - 1)));
            ObjectNode event = create ? MembershipWriter.createEvent(op.groupName(), op.added(), op.invited())
                    : MembershipWriter.addEvent(op.added(), op.invited());
            Optional<StoredMessage> m = writer.write(actor, op.groupId(), seq, event, after, writes);
            if (m.isPresent()) {
                return m;
            }
            PendingOp now = members.op(op.groupId(), op.opKey()).orElseThrow(() -> lost(op));
            if (now.committed()) {
                return Optional.empty();
            }
            if (!now.staging()) {
                throw lost(op);
            }
            MembershipWriter.pause(attempt);
        }
        throw new IllegalStateException("could not commit change " + op.opKey());
    }

    /** Turns the committed change's staged rows into member rows, counting each user's group in the same write. */
    private void publish(PendingOp op) {
        for (int attempt = 1; attempt <= MembershipWriter.MAX_ATTEMPTS; attempt++) {
            List<TransactionWrite> items = new ArrayList<>();
            members.roster(op.groupId()).staged().stream().filter(m -> op.opKey().equals(m.pendingOp()))
                    .forEach(m -> {
                        items.add(members.publish(m, op.seq() - 1, op.opKey()));
                        items.add(users.join(m.userId(), Integer.MAX_VALUE));
                    });
            if (items.isEmpty() || inChunks(items, settings.maxTransactionItems() / 2 * 2, Function.identity())) {
                return;
            }
            MembershipWriter.pause(attempt); // a concurrent run published some rows first: re-read, go on
        }
        throw new IllegalStateException("could not publish change " + op.opKey());
    }

    private void unlock(PendingOp op) {
        if (!groups.transact(List.of(groups.unlock(op.groupId(), op.opKey()),
                members.deleteOp(op.groupId(), op.opKey())))) {
            LOG.info("change {} of group {} was unlocked by a concurrent run", op.opKey(), op.groupId());
        }
    }

    /** Undoes an aborted change: its staged rows, its invitations, its lock (and a created group's row). */
    private void rollBack(PendingOp op) {
        members.unstage(members.roster(op.groupId()).staged().stream()
                .filter(m -> op.opKey().equals(m.pendingOp())).toList());
        users.withdrawInvitations(op.groupId(), op.invited());
        TransactionWrite release = CREATE.equals(op.kind()) ? groups.deleteLocked(op.groupId(), op.opKey())
                : groups.unlock(op.groupId(), op.opKey());
        groups.transact(List.of(release, members.deleteOp(op.groupId(), op.opKey())));
        users.forgetOp(op.actorUserId(), op.opKey().substring(op.actorUserId().length() + 1));
        LOG.info("rolled back change {} of group {}", op.opKey(), op.groupId());
    }

    /** Runs the items in transactions of at most {@code size} (each as {@code wrap} makes it); false on a failure. */
    private boolean inChunks(List<TransactionWrite> items, int size,
                             Function<List<TransactionWrite>, List<TransactionWrite>> wrap) {
        for (int from = 0; from < items.size(); from += size) {
            if (!groups.transact(wrap.apply(items.subList(from, Math.min(items.size(), from + size))))) {
                return false;
            }
        }
        return true;
    }

    /** The member rows the change writes: the creator (admin) first for a creation, then the added users. */
    private static List<Member> joiners(PendingOp op) {
        List<Member> out = new ArrayList<>();
        if (CREATE.equals(op.kind())) {
            out.add(new Member(op.groupId(), op.actorUserId(), Role.ADMIN, 0, op.startedAt(), op.groupName()));
        }
        op.added().forEach(u -> out.add(new Member(op.groupId(), u, Role.MEMBER, 0, op.startedAt(),
                op.groupName())));
        return out;
    }

    private static List<TransactionWrite> append(List<TransactionWrite> chunk, TransactionWrite item) {
        List<TransactionWrite> out = new ArrayList<>(chunk);
        out.add(item);
        return out;
    }

    private OpRecord record(PendingOp op, String opId) {
        return new OpRecord(op.actorUserId(), opId, op.groupId(), op.kind(), false, 0, List.of(),
                clock.instant().plus(settings.opRetention()).getEpochSecond(), false);
    }

    private long inviteExpiry(PendingOp op) {
        return op.startedAt() + settings.inviteTtl().toMillis();
    }

    private static IllegalStateException lost(PendingOp op) {
        return new IllegalStateException("change " + op.opKey() + " of group " + op.groupId()
                + " was taken over after its lease; retry");
    }
}

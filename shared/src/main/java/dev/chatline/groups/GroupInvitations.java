package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.groups.GroupMemberStore.Member;
import dev.chatline.groups.GroupMemberStore.Role;
import dev.chatline.groups.GroupMemberStore.Roster;
import dev.chatline.groups.MembershipWriter.Change;
import dev.chatline.groups.GroupUserStore.Invitation;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.protocol.ProtocolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accepting and declining invitations. An invitation (written by a change whose adder the user's "who can add me"
 * setting refused, see {@link AddConsent}) lets its user join by themselves: one transaction {the group's count
 * (capacity, unlocked), the new member row, the user's group count (cap), the invitation's deletion (it must still
 * exist, unexpired), a check that the inviter is an admin right now, the "joined" system message}. So an invitation
 * from an admin who was since removed (or left) has lapsed, and nothing is half applied. Declining deletes the
 * invitation; nobody is told (as nobody can tell an ignored invitation from a declined one).
 *
 * <p>A user served by another cell is counted there ({@link GroupSlots}): its slot is reserved before the
 * transaction (which then has no count of its own), and released if the accept fails while the user is not a
 * member (a duplicate accept that finds the invitation consumed leaves the slot its twin committed).
 */
final class GroupInvitations {
    static final String ACCEPT = "accept";

    private final GroupStore groups;
    private final GroupMemberStore members;
    private final GroupUserStore users;
    private final AddConsent consent;
    private final MembershipWriter writer;
    private final StagedChange staged;
    private final GroupSlots slots;
    private final GroupSettings settings;
    private final Clock clock;

    GroupInvitations(GroupStores stores, AddConsent consent, MembershipWriter writer, StagedChange staged,
                     GroupSlots slots, GroupSettings settings, Clock clock) {
        this.slots = slots;
        this.groups = stores.groups();
        this.members = stores.members();
        this.users = stores.users();
        this.consent = consent;
        this.writer = writer;
        this.staged = staged;
        this.settings = settings;
        this.clock = clock;
    }

    /** The actor joins the group it was invited into; the seq of its "joined" message (0: it was a member). */
    long accept(Identity actor, String groupId, String opId, Supplier<Optional<Long>> doneMeanwhile) {
        if (!slots.remote(actor.userId())) {
            return attempts(actor, groupId, opId, doneMeanwhile, false);
        }
        try {
            return attempts(actor, groupId, opId, doneMeanwhile, true);
        } catch (RuntimeException failed) {
            try {
                if (members.roster(groupId).find(actor.userId()).isEmpty()) {
                    slots.release(actor.userId(), groupId);
                }
            } catch (RuntimeException releaseFailed) { // the slot stays counted: over-counted by one until reconciled
                failed.addSuppressed(releaseFailed);
            }
            throw failed;
        }
    }

    private long attempts(Identity actor, String groupId, String opId, Supplier<Optional<Long>> doneMeanwhile,
                          boolean remote) {
        return MembershipWriter.retrying(doneMeanwhile, () -> {
            Invitation inv = users.invitation(actor.userId(), groupId).orElseThrow(GroupInvitations::unknown);
            Roster r = members.roster(groupId);
            if (staged.blocks(r)) {
                return Optional.empty();
            }
            if (r.find(actor.userId()).isPresent()) {
                users.decline(actor.userId(), groupId);
                return Optional.of(0L);
            }
            Optional<Member> admin = r.find(inv.invitedBy()).filter(Member::isAdmin);
            if (admin.isEmpty()) {
                users.decline(actor.userId(), groupId);
                throw new ProtocolException(ErrorCode.UNKNOWN_INVITE, "the invitation lapsed: its sender is no "
                        + "longer an admin of the group");
            }
            Member inviter = admin.get();
            if (r.current().size() + 1 > GroupService.MAX_MEMBERS) {
                throw GroupService.full();
            }
            if (remote) {
                slots.reserve(actor.userId(), groupId, inv.groupName());
            } else {
                consent.requireRoom(actor.userId());
            }
            return writer.commit(actor, groupId, new HashMap<>(), s -> {
                Member joining = new Member(groupId, actor.userId(), Role.MEMBER, s - 1, clock.millis(),
                        inviter.groupName());
                List<Member> after = new ArrayList<>(r.current());
                after.add(joining);
                return new Change(writes(actor, groupId, opId, s, joining, inv, remote), after, joined(actor, inv));
            });
        });
    }

    /** Deletes the actor's invitation into the group. */
    void decline(Identity actor, String groupId) {
        if (!users.decline(actor.userId(), groupId)) {
            throw unknown();
        }
    }

    private List<TransactionWrite> writes(Identity actor, String groupId, String opId, long seq, Member joining,
                                           Invitation inv, boolean remote) {
        List<TransactionWrite> writes = new ArrayList<>(List.of(
                groups.addMembers(groupId, 1, GroupService.MAX_MEMBERS), members.add(joining),
                users.consumeInvitation(actor.userId(), groupId), members.adminNow(groupId, inv.invitedBy())));
        if (!remote) {
            writes.add(users.join(actor.userId(), settings.maxGroupsPerUser()));
        }
        writes.addAll(users.doneIfIdentified(actor.userId(), opId, groupId, ACCEPT, seq, List.of(),
                clock.instant().plus(settings.opRetention()).getEpochSecond()));
        return writes;
    }

    private static ObjectNode joined(Identity actor, Invitation inv) {
        ObjectNode event = MembershipWriter.event("joined", List.of(actor.userId()));
        event.put("invitedBy", inv.invitedBy());
        return event;
    }

    private static ProtocolException unknown() {
        return new ProtocolException(ErrorCode.UNKNOWN_INVITE, "no pending invitation into this group");
    }
}

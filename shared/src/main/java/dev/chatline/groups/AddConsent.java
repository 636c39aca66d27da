package dev.chatline.groups;

import dev.chatline.presence.GroupAddPrivacy;
import dev.chatline.presence.PresenceStore;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who of the users an admin names joins at once and who gets an invitation instead: a user joins at once only if
 * their "who can add me" setting lets the adder ({@code everyone}, or {@code contacts} and they started a direct
 * chat with the adder) and they are in fewer groups than the cap. So no one can put a user into groups against the
 * user's choice, and no one can fill a user's group list past the cap. Reads: one batch read of the settings, one
 * of the contacts (only for users who chose {@code contacts}), one of the group counts.
 *
 * <p>Cells: a user served by another cell ({@code localUser} false) is always invited, whatever the setting, since
 * the setting lives in that user's cell and this cell cannot read it; the user accepts from its own cell (forwarded
 * to the group's home). So consent holds across cells at the price of one accept.
 */
final class AddConsent {
    /** The users who join now and the users who are invited, each in the order they were named. */
    record Plan(List<String> add, List<String> invite) {
        Plan {
            add = List.copyOf(add);
            invite = List.copyOf(invite);
        }

        boolean isEmpty() {
            return add.isEmpty() && invite.isEmpty();
        }
    }

    private final PresenceStore settings;
    private final GroupAddContacts contacts;
    private final GroupUserStore users;
    private final GroupSettings limits;
    private final Predicate<String> localUser;

    /** @param localUser whether this cell serves a user (and so holds its setting); always true in a single cell */
    AddConsent(PresenceStore settings, GroupAddContacts contacts, GroupUserStore users, GroupSettings limits,
               Predicate<String> localUser) {
        this.settings = settings;
        this.contacts = contacts;
        this.users = users;
        this.limits = limits;
        this.localUser = localUser;
    }

    /** Splits {@code candidates} (not yet members, not the adder) into joiners and invitees. */
    Plan plan(String adder, List<String> candidates) {
        if (candidates.isEmpty()) {
            return new Plan(List.of(), List.of());
        }
        List<String> local = candidates.stream().filter(localUser).toList();
        Map<String, GroupAddPrivacy> chosen = local.isEmpty() ? Map.of() : settings.groupAddOf(local);
        List<String> askContacts = local.stream().filter(u -> privacy(chosen, u) == GroupAddPrivacy.CONTACTS)
                .toList();
        Set<String> trusting = askContacts.isEmpty() ? Set.of() : contacts.usersWithContact(adder, askContacts);
        List<String> allowed = local.stream().filter(u -> switch (privacy(chosen, u)) {
            case EVERYONE -> true;
            case CONTACTS -> trusting.contains(u);
            case NOBODY -> false;
        }).toList();
        Map<String, Integer> counts = allowed.isEmpty() ? Map.of() : users.groupCounts(allowed);
        List<String> add = new ArrayList<>();
        List<String> invite = new ArrayList<>();
        for (String u : candidates) {
            boolean joins = allowed.contains(u) && counts.getOrDefault(u, 0) < limits.maxGroupsPerUser();
            (joins ? add : invite).add(u);
        }
        return new Plan(add, invite);
    }

    /** Refuses a user who cannot join one more group (creating one, or accepting an invitation). */
    void requireRoom(String userId) {
        if (users.groupCounts(List.of(userId)).getOrDefault(userId, 0) >= limits.maxGroupsPerUser()) {
            throw tooMany(userId);
        }
    }

    static ProtocolException tooMany(String userId) {
        return new ProtocolException(ErrorCode.TOO_MANY_GROUPS, "user '" + userId + "' is in the maximum number of "
                + "groups");
    }

    private GroupAddPrivacy privacy(Map<String, GroupAddPrivacy> chosen, String userId) {
        return chosen.getOrDefault(userId, limits.defaultGroupAdd());
    }
}

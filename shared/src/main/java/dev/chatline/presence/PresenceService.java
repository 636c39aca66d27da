package dev.chatline.presence;

import dev.chatline.auth.Identity;
import dev.chatline.connection.ConnectionStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence queries, subscriptions and privacy settings.
 *
 * <p>Online = the user has at least one unexpired connection. Last seen = lastActiveAt while no live connection
 * remains. With visibility {@code nobody} others see neither (always {@code online:false} without lastSeen).
 * Only contacts (users who share a direct chat) may see a user's presence or subscribe to it; anyone else is
 * answered like a hidden user and stores nothing. A subscription belongs to the subscribing user (all of its
 * devices get the changes), one row per pair, and lasts {@link PresenceSettings#subscriptionTtl()} unless renewed.
 */
public final class PresenceService {
    /** Most users in one {@code presenceSubscribe}. */
    public static final int MAX_SUBSCRIBE_USERS = dev.chatline.protocol.ClientMessage.PresenceSubscribe.MAX_USERS;

    private final PresenceStore presence;
    private final PresenceSubscriptionStore subscriptions;
    private final ConnectionStore connections;
    private final PresenceContacts contacts;
    private final BoundedParallel parallel;
    private final PresenceSettings settings;
    private final Clock clock;
    private final PresenceCells cells;

    /** @param cells subscriptions to users of other cells ({@link PresenceCells#NONE} in a single cell) */
    public PresenceService(PresenceStore presence, PresenceSubscriptionStore subscriptions,
                           ConnectionStore connections, PresenceContacts contacts,
                           BoundedParallel parallel, PresenceSettings settings, Clock clock, PresenceCells cells) {
        this.cells = cells;
        this.presence = presence;
        this.subscriptions = subscriptions;
        this.connections = connections;
        this.contacts = contacts;
        this.parallel = parallel;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Subscribes the caller to the presence changes of those of {@code userIds} who are its contacts and returns
     * everyone's presence as the caller may see it. Costs: one batch read of the contact pairs,
     * one batch write of the caller's rows, two reads per contact.
     *
     * <p>The call itself is rate limited per user at the route's entry ({@code RouteLimits}). Users homed in other
     * cells are subscribed to in their cells ({@link PresenceCells}), one call per cell.
     */
    public List<UserPresence> subscribe(Identity subscriber, List<String> userIds) {
        Map<String, UserPresence> remote = cells.subscribeRemote(subscriber, userIds);
        if (remote.isEmpty()) {
            return subscribeHere(subscriber, userIds);
        }
        List<String> local = userIds.stream().filter(id -> !remote.containsKey(id)).toList();
        Map<String, UserPresence> answered = new HashMap<>(remote);
        if (!local.isEmpty()) {
            subscribeHere(subscriber, local).forEach(p -> answered.put(p.userId(), p));
        }
        return userIds.stream().map(answered::get).toList();
    }

    /**
     * {@link #subscribe} for users of this cell only: what another cell asks on behalf of its subscriber (the
     * contacts and visibility are checked here, where they live).
     */
    public List<UserPresence> subscribeHere(Identity subscriber, List<String> userIds) {
        Set<String> allowed = contacts.contactsAmong(subscriber.userId(), userIds);
        long expiresAt = clock.instant().plus(settings.subscriptionTtl()).getEpochSecond();
        // subscribe first, then read: a change right after the read is still announced
        subscriptions.putAll(userIds.stream().distinct().filter(allowed::contains)
                .map(userId -> new PresenceSubscription(userId, subscriber.userId(), expiresAt)).toList());
        return parallel.map(userIds, id -> allowed.contains(id) ? current(id) : UserPresence.hidden(id));
    }

    /** What others see of the user now. */
    public UserPresence current(String userId) {
        return UserPresence.seenByOthers(presence.get(userId), !connections.liveConnections(userId).isEmpty());
    }

    /**
     * Stores who may see the user's last seen and online status.
     *
     * @return whether the setting changed (then subscribers should get the new view)
     */
    public boolean setLastSeenVisibility(String userId, LastSeenVisibility visibility) {
        return presence.setVisibility(userId, visibility) != visibility;
    }

    /** Stores who may add the user to groups without an invitation (the route's limit applies: RouteLimits). */
    public void setGroupAdd(String userId, GroupAddPrivacy privacy) {
        presence.setGroupAdd(userId, privacy);
    }
}

package dev.chatline.presence;

import dev.chatline.connection.ConnectionStore;
import dev.chatline.protocol.Identity;
import dev.chatline.ratelimit.RateLimit;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Presence queries, subscriptions and privacy settings.
 *
 * <p>Online = the user has at least one unexpired connection. Last seen = lastActiveAt while no live connection
 * remains. With visibility {@code nobody} others see neither (always {@code online:false} without lastSeen).
 * Any user may subscribe to any user (there is no contact list yet). A subscription lasts as long as the
 * subscriber's connection can (API Gateway closes every connection after {@link #MAX_CONNECTION_LIFETIME}); a
 * subscription of a connection that closed earlier is skipped when notifying, because the connection is checked.
 */
public final class PresenceService {
    /** Most users in one {@code presenceSubscribe}. */
    public static final int MAX_SUBSCRIBE_USERS = 100;
    /** {@code presenceSubscribe} calls per user. */
    public static final RateLimit SUBSCRIBE_LIMIT = new RateLimit(30, Duration.ofMinutes(1));
    /** {@code settings} calls per user (each change is pushed to subscribers). */
    public static final RateLimit SETTINGS_LIMIT = new RateLimit(10, Duration.ofMinutes(1));
    /** API Gateway's hard limit on a WebSocket connection's duration. */
    public static final Duration MAX_CONNECTION_LIFETIME = Duration.ofHours(2);

    private final PresenceStore presence;
    private final PresenceSubscriptionStore subscriptions;
    private final ConnectionStore connections;
    private final RateLimiter rateLimiter;
    private final BoundedParallel parallel;
    private final Clock clock;

    public PresenceService(PresenceStore presence, PresenceSubscriptionStore subscriptions,
                           ConnectionStore connections, RateLimiter rateLimiter, BoundedParallel parallel,
                           Clock clock) {
        this.presence = presence;
        this.subscriptions = subscriptions;
        this.connections = connections;
        this.rateLimiter = rateLimiter;
        this.parallel = parallel;
        this.clock = clock;
    }

    /**
     * Subscribes the caller's connection to the users' presence changes and returns their current presence.
     *
     * @param connectedAt epoch ms when the caller's connection opened (0 if unknown: now is assumed)
     * @throws dev.chatline.protocol.ProtocolException RATE_LIMITED beyond {@link #SUBSCRIBE_LIMIT}
     */
    public List<UserPresence> subscribe(Identity subscriber, String connectionId, long connectedAt,
                                        List<String> userIds) {
        rateLimiter.acquire("presenceSubscribe#" + subscriber.userId(), SUBSCRIBE_LIMIT);
        long opened = connectedAt > 0 ? Math.min(connectedAt, clock.millis()) : clock.millis();
        long expiresAt = Math.floorDiv(opened, 1000) + MAX_CONNECTION_LIFETIME.toSeconds();
        // subscribe first, then read: a change right after the read is still pushed
        subscriptions.putAll(userIds.stream()
                .map(userId -> new PresenceSubscription(userId, connectionId, subscriber.userId(), expiresAt))
                .toList());
        return parallel.map(userIds, this::current);
    }

    /** What others see of the user now. */
    public UserPresence current(String userId) {
        return UserPresence.seenByOthers(presence.get(userId), !connections.liveConnections(userId).isEmpty());
    }

    /**
     * Stores who may see the user's last seen and online status.
     *
     * @return whether the setting changed (then subscribers should get the new view)
     * @throws dev.chatline.protocol.ProtocolException RATE_LIMITED beyond {@link #SETTINGS_LIMIT}
     */
    public boolean setLastSeenVisibility(String userId, LastSeenVisibility visibility) {
        rateLimiter.acquire("settings#" + userId, SETTINGS_LIMIT);
        return presence.setVisibility(userId, visibility) != visibility;
    }

    /**
     * Stores who may add the user to groups without an invitation.
     *
     * @throws dev.chatline.protocol.ProtocolException RATE_LIMITED beyond {@link #SETTINGS_LIMIT}
     */
    public void setGroupAdd(String userId, GroupAddPrivacy privacy) {
        rateLimiter.acquire("settings#" + userId, SETTINGS_LIMIT);
        presence.setGroupAdd(userId, privacy);
    }
}

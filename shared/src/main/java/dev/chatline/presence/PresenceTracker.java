package dev.chatline.presence;

import dev.chatline.connection.ConnectionListener;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionSender.PostResult;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.protocol.Identity;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Keeps presence current as connections come and go, and pushes {@code presence} frames to subscribers.
 *
 * <p>Rules: every connect and disconnect sets lastActiveAt (heartbeats never reach the backend); when a user
 * comes online (first live connection) or goes offline (last connection closed) every live subscriber connection
 * gets one {@code presence} frame. A user whose visibility is {@code nobody} is never announced. A user whose
 * connections merely expire (no {@code $disconnect}; at most 2 hours after connect) is not announced either:
 * subscribers see it on their next {@code presenceSubscribe}.
 * Notifications are best effort: a failed post is logged and skipped.
 */
public final class PresenceTracker implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceTracker.class);

    private final PresenceStore presence;
    private final PresenceSubscriptionStore subscriptions;
    private final ConnectionStore connections;
    private final ConnectionSender sender;
    private final BoundedParallel parallel;
    private final Clock clock;

    public PresenceTracker(PresenceStore presence, PresenceSubscriptionStore subscriptions,
                           ConnectionStore connections, ConnectionSender sender, BoundedParallel parallel,
                           Clock clock) {
        this.presence = presence;
        this.subscriptions = subscriptions;
        this.connections = connections;
        this.sender = sender;
        this.parallel = parallel;
        this.clock = clock;
    }

    @Override
    public void connected(ConnectionRecord connection, boolean firstLive) {
        PresenceRecord record = presence.touch(connection.userId(), clock.millis());
        if (firstLive && record.visibility() == LastSeenVisibility.EVERYONE) {
            notifySubscribers(UserPresence.seenByOthers(record, true));
        }
    }

    @Override
    public void disconnected(Identity identity, boolean noneLeft) {
        PresenceRecord record = presence.touch(identity.userId(), clock.millis());
        if (noneLeft && record.visibility() == LastSeenVisibility.EVERYONE) {
            notifySubscribers(UserPresence.seenByOthers(record, false));
        }
    }

    /** Pushes the user's current view to subscribers (after a visibility change). */
    public void announceCurrent(String userId) {
        PresenceRecord record = presence.get(userId);
        notifySubscribers(UserPresence.seenByOthers(record, !connections.liveConnections(userId).isEmpty()));
    }

    /**
     * Posts {@code {"type":"presence","users":[view]}} to every live subscriber connection, concurrently.
     *
     * @return how many connections received it
     */
    public int notifySubscribers(UserPresence view) {
        List<String> targets = subscriptions.subscriptionsTo(view.userId()).stream()
                .map(PresenceSubscription::connectionId).toList();
        if (targets.isEmpty()) {
            return 0;
        }
        String frame = PresenceFrames.presence(null, List.of(view));
        int sent = (int) parallel.map(targets, connectionId -> postIfLive(connectionId, frame)).stream()
                .filter(Boolean::booleanValue).count();
        LOG.info("presence of {} sent to {} of {} subscriber connections", view.userId(), sent, targets.size());
        return sent;
    }

    private boolean postIfLive(String connectionId, String frame) {
        try {
            return connections.get(connectionId).isPresent() && sender.post(connectionId, frame) == PostResult.SENT;
        } catch (SdkException e) {
            LOG.warn("presence notification to {} failed: {}", connectionId, e.toString());
            return false;
        }
    }
}

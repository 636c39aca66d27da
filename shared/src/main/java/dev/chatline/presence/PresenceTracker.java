package dev.chatline.presence;

import dev.chatline.connection.ConnectionListener;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.auth.Identity;
import java.time.Clock;

/**
 * Keeps presence current as connections come and go, and hands each change that subscribers must hear about to the
 * {@link PresenceOutbox}; the {@link PresenceNotifier} tells them later, in another function.
 *
 * <p>Invariant: the work of a {@code $connect} or {@code $disconnect} here is constant — one presence update, one
 * single-item read of the subscriptions (are there any?) and at most one queue message — whatever the number of
 * subscribers, which other users control. Rules: every connect and disconnect sets lastActiveAt (heartbeats never
 * reach the backend); a change is published when a user comes online (first live connection) or goes offline
 * (last connection closed), and only while the user's visibility is {@code everyone}; a user whose connections
 * merely expire (no {@code $disconnect}; at most 2 hours after connect) is not announced: subscribers see it on
 * their next {@code presenceSubscribe}.
 */
public final class PresenceTracker implements ConnectionListener {
    private final PresenceStore presence;
    private final PresenceSubscriptionStore subscriptions;
    private final ConnectionStore connections;
    private final PresenceOutbox outbox;
    private final Clock clock;

    public PresenceTracker(PresenceStore presence, PresenceSubscriptionStore subscriptions,
                           ConnectionStore connections, PresenceOutbox outbox, Clock clock) {
        this.presence = presence;
        this.subscriptions = subscriptions;
        this.connections = connections;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void connected(ConnectionRecord connection, boolean firstLive) {
        changed(presence.touch(connection.userId(), clock.millis()), firstLive, true);
    }

    @Override
    public void disconnected(Identity identity, boolean noneLeft) {
        changed(presence.touch(identity.userId(), clock.millis()), noneLeft, false);
    }

    private void changed(PresenceRecord record, boolean transition, boolean online) {
        if (transition && record.visibility() == LastSeenVisibility.EVERYONE) {
            publish(UserPresence.seenByOthers(record, online), record.lastActiveAt());
        }
    }

    /** Publishes the user's current view (after a visibility change), if anyone subscribed. */
    public void announceCurrent(String userId) {
        PresenceRecord record = presence.get(userId);
        publish(UserPresence.seenByOthers(record, !connections.liveConnections(userId).isEmpty()), clock.millis());
    }

    private void publish(UserPresence view, long at) {
        if (subscriptions.anySubscriber(view.userId())) {
            outbox.publish(new PresenceChange(view, at));
        }
    }
}

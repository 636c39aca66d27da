package dev.chatline.presence;

/**
 * Where a presence change goes to be announced later, outside {@code $connect} and {@code $disconnect}: the fan-out
 * queue in production (one FIFO message group per user, so a user's changes are announced in order), the
 * {@link PresenceNotifier} itself in some tests. Publishing is one call whatever the number of subscribers.
 */
@FunctionalInterface
public interface PresenceOutbox {
    void publish(PresenceChange change);
}

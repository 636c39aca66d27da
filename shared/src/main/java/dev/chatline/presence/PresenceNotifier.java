package dev.chatline.presence;

import dev.chatline.connection.ConnectionSender;
import dev.chatline.protocol.ProtocolJson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user's subscribers about a {@link PresenceChange}, in the fan-out function (never in {@code $connect}).
 *
 * <p>Per change: one Query of at most {@link PresenceSettings#maxNotified()} subscription rows, then per subscriber
 * (16 at a time) one Query of their live connections and one post to each. So one change costs at most
 * {@code maxNotified} reads plus the posts to connections that are really open, and every row was written by a
 * contact's own rate-limited {@code presenceSubscribe}. Best effort ({@link ConnectionSender#postBestEffort}): a
 * failed read or post is logged and skipped (the subscriber's next {@code presenceSubscribe} answers the current
 * state).
 */
public final class PresenceNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceNotifier.class);

    private final PresenceSubscriptionStore subscriptions;
    private final ConnectionSender sender;
    private final BoundedParallel parallel;
    private final PresenceSettings settings;
    private final PresenceCells cells;

    /** @param cells where subscribers of other cells are told ({@link PresenceCells#NONE} in a single cell) */
    public PresenceNotifier(PresenceSubscriptionStore subscriptions, ConnectionSender sender,
                            BoundedParallel parallel, PresenceSettings settings, PresenceCells cells) {
        this.cells = cells;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.parallel = parallel;
        this.settings = settings;
    }

    /**
     * Posts {@code {"type":"presence","users":[view]}} to every live connection of the subscribers.
     *
     * Subscribers homed in other cells are told there: one relay job per cell ({@link #post} in that cell).
     *
     * @return how many connections of this cell received it
     */
    public int notify(PresenceChange change) {
        List<String> subscribers = subscriptions.subscribers(change.userId(), settings.maxNotified());
        if (subscribers.isEmpty()) {
            return 0;
        }
        return post(change, cells.relayToOtherCells(change, subscribers));
    }

    /** Posts the change to every live connection of {@code subscribers} (users of this cell). */
    public int post(PresenceChange change, List<String> subscribers) {
        if (subscribers.isEmpty()) {
            return 0;
        }
        String frame = ProtocolJson.encode(PresenceFrames.presence(List.of(change.view())));
        int sent = parallel.map(subscribers, s -> sender.postBestEffort(s, frame)).stream()
                .mapToInt(Integer::intValue).sum();
        LOG.info("presence of {} sent to {} connections of {} subscribers", change.userId(), sent,
                subscribers.size());
        return sent;
    }
}

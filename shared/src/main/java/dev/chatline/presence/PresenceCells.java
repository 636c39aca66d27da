package dev.chatline.presence;

import dev.chatline.auth.Identity;
import java.util.List;
import java.util.Map;

/**
 * Presence across cells (docs/architecture.md, "Cells"): a subscription to a user of another cell is stored in that
 * user's cell, which decides what the subscriber may see (contacts, last-seen visibility: checked where the data
 * lives) and answers the current presence; a change is told to subscribers of other cells through their cells'
 * relay queues, one job per cell and change (not per subscriber). A single cell has no other cells ({@link #NONE}).
 */
public interface PresenceCells {
    /**
     * Subscribes {@code subscriber} to those of {@code userIds} homed in other cells, in their cells.
     *
     * @return their presence as the subscriber may see it, by user id (users of this cell are absent)
     */
    Map<String, UserPresence> subscribeRemote(Identity subscriber, List<String> userIds);

    /**
     * Relays {@code change} to the cells of those {@code subscribers} homed elsewhere.
     *
     * @return the subscribers served here
     */
    List<String> relayToOtherCells(PresenceChange change, List<String> subscribers);

    PresenceCells NONE = new PresenceCells() {
        @Override
        public Map<String, UserPresence> subscribeRemote(Identity subscriber, List<String> userIds) {
            return Map.of();
        }

        @Override
        public List<String> relayToOtherCells(PresenceChange change, List<String> subscribers) {
            return subscribers;
        }
    };
}

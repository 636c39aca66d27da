package dev.chatline.client.store;

import dev.chatline.client.groups.GroupRoster;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latest group roster this device accepted per group ({@code rosters.json}). Invariant: a roster replaces the
 * held one only when it comes from an admin of the held one and has a higher version; the first roster of a group
 * is trusted on first use (as identity keys are). So a member the server injected, even one it made "admin" in
 * its own tables, cannot vouch for itself: it is not an admin in any roster an admin's client signed. Thread-safe.
 */
public final class RosterBook {
    /** {@code rosters.json}. */
    public static final class State {
        /** groupId → the roster's JSON. */
        public TreeMap<String, String> rosters = new TreeMap<>();
    }

    private final JsonFile<State> file;
    private final State state;

    public RosterBook(Path directory) {
        this.file = new JsonFile<>(directory.resolve("rosters.json"), State.class);
        this.state = file.loadOr(State::new);
    }

    public synchronized Optional<GroupRoster> roster(String groupId) {
        String json = state.rosters.get(groupId);
        return json == null ? Optional.empty()
                : Optional.of(GroupRoster.fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Stores a roster this device's own user published. */
    public synchronized void own(GroupRoster roster) {
        put(roster);
    }

    /**
     * Takes a roster from {@code publisher} if the rule above allows it. False when it is refused (its publisher
     * is not an admin of the held roster, or of its own first roster); an admin's older or repeated roster is
     * ignored (true: nothing wrong, nothing changes).
     */
    public synchronized boolean accept(String publisher, GroupRoster roster) {
        Optional<GroupRoster> held = roster(roster.groupId());
        if (!(held.isEmpty() ? roster.admins() : held.get().admins()).contains(publisher)) {
            return false;
        }
        if (held.isEmpty() || roster.version() > held.get().version()) {
            put(roster);
        }
        return true;
    }

    private void put(GroupRoster roster) {
        state.rosters.put(roster.groupId(), new String(roster.toBytes(), java.nio.charset.StandardCharsets.UTF_8));
        file.save(state);
    }
}

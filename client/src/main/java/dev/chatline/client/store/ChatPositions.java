package dev.chatline.client.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per chat, the highest seq this device has shown with nothing missing below it ({@code chats.json}), so a
 * restarted client knows which incoming seq comes next (docs/protocol.md "Ordering and gaps"). A position only
 * grows. Thread-safe.
 */
public final class ChatPositions {
    /** The file's content (Jackson). */
    public static final class State {
        public TreeMap<String, Long> positions = new TreeMap<>();
    }

    private final JsonFile<State> file;
    private final State state;

    public ChatPositions(Path directory) {
        this.file = new JsonFile<>(directory.resolve("chats.json"), State.class);
        this.state = file.loadOr(State::new);
    }

    public synchronized Map<String, Long> all() {
        return Map.copyOf(state.positions);
    }

    /** Records the positions that moved (written once for all of them); a lower position than stored is ignored. */
    public synchronized void advance(Map<String, Long> moved) {
        boolean changed = false;
        for (Map.Entry<String, Long> e : moved.entrySet()) {
            Long old = state.positions.get(e.getKey());
            if (old == null || old < e.getValue()) {
                state.positions.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            file.save(state);
        }
    }

    /** Forgets every position (the server's history they referred to is gone). */
    public synchronized void clear() {
        state.positions.clear();
        file.save(state);
    }
}

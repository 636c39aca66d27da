package dev.chatline.client.store;

import dev.chatline.client.session.DeviceAddress;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which group each received sender key was distributed for ({@code senderkey-groups.json}): "{@code userId#deviceId}
 * /distributionId" → group id, recorded from the distribution message (which travels pairwise encrypted, so the
 * server cannot change it). Invariant: a binding never changes once recorded, so a group ciphertext decrypts only
 * in the group its sender key was given for. Thread-safe.
 */
public final class SenderKeyBindings {
    /** {@code senderkey-groups.json}. */
    public static final class State {
        public TreeMap<String, String> groups = new TreeMap<>();
    }

    private final JsonFile<State> file;
    private final State state;

    public SenderKeyBindings(Path directory) {
        this.file = new JsonFile<>(directory.resolve("senderkey-groups.json"), State.class);
        this.state = file.loadOr(State::new);
    }

    /**
     * Records that {@code sender}'s key {@code distributionId} belongs to {@code groupId}; false (and nothing
     * changes) when it was already recorded for another group.
     */
    public synchronized boolean bind(DeviceAddress sender, UUID distributionId, String groupId) {
        String previous = state.groups.putIfAbsent(key(sender, distributionId), groupId);
        if (previous == null) {
            file.save(state);
            return true;
        }
        return previous.equals(groupId);
    }

    /** The group the sender key was distributed for, or null when no distribution message named one. */
    public synchronized String groupOf(DeviceAddress sender, UUID distributionId) {
        return state.groups.get(key(sender, distributionId));
    }

    private static String key(DeviceAddress sender, UUID distributionId) {
        return sender.name() + "/" + distributionId;
    }
}

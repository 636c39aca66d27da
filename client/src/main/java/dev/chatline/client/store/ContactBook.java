package dev.chatline.client.store;

import dev.chatline.client.session.DeviceAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The devices this device knows for each user ({@code contacts.json}) and which devices got its sender key per
 * group. The device list of a user is what the server last confirmed (a send without {@code DEVICE_MISMATCH}, or a
 * key fetch); envelopes are encrypted for exactly these devices. Thread-safe.
 */
public final class ContactBook {
    /** Told when a known user's device set changed (not when a user's devices are learnt for the first time). */
    public interface DeviceListListener {
        void devicesChanged(String userId, List<DeviceAddress> added, List<DeviceAddress> removed);
    }

    private final JsonFile<ContactState> file;
    private final ContactState state;
    private volatile DeviceListListener deviceListListener = (user, added, removed) -> { };

    public ContactBook(Path directory) {
        this.file = new JsonFile<>(directory.resolve("contacts.json"), ContactState.class);
        this.state = file.loadOr(ContactState::new);
    }

    public synchronized List<DeviceAddress> devices(String userId) {
        return state.devices.getOrDefault(userId, new TreeSet<>()).stream()
                .map(d -> new DeviceAddress(userId, d)).toList();
    }

    public synchronized boolean knows(String userId) {
        return state.devices.containsKey(userId);
    }

    public void setDeviceListListener(DeviceListListener listener) {
        this.deviceListListener = listener;
    }

    public void addDevice(DeviceAddress device) {
        addDevices(device.userId(), List.of(device));
    }

    /** Adds devices of one user (e.g. one key fetch); a user already known with other devices is reported. */
    public void addDevices(String userId, Collection<DeviceAddress> devices) {
        List<DeviceAddress> added;
        boolean known;
        synchronized (this) {
            known = !state.devices.getOrDefault(userId, new TreeSet<>()).isEmpty();
            TreeSet<String> set = state.devices.computeIfAbsent(userId, u -> new TreeSet<>());
            added = devices.stream().filter(d -> d.userId().equals(userId) && set.add(d.deviceId())).toList();
            if (!added.isEmpty()) {
                file.save(state);
            }
        }
        if (known && !added.isEmpty()) {
            deviceListListener.devicesChanged(userId, added, List.of());
        }
    }

    /**
     * Forgets a device (the server said it no longer exists): it gets no more envelopes, and it must get this
     * device's sender keys again if it ever comes back.
     */
    public void removeDevice(DeviceAddress device) {
        boolean removed;
        synchronized (this) {
            TreeSet<String> devices = state.devices.get(device.userId());
            removed = devices != null && devices.remove(device.deviceId());
            boolean changed = removed;
            for (TreeSet<String> sent : state.senderKeySentTo.values()) {
                changed |= sent.remove(device.name());
            }
            if (changed) {
                file.save(state);
            }
        }
        if (removed) {
            deviceListListener.devicesChanged(device.userId(), List.of(), List.of(device));
        }
    }

    /** A device with a new identity must get the sender keys again (its old sessions are gone). */
    public synchronized void forgetSenderKeysSentTo(DeviceAddress device) {
        boolean changed = false;
        for (TreeSet<String> sent : state.senderKeySentTo.values()) {
            changed |= sent.remove(device.name());
        }
        if (changed) {
            file.save(state);
        }
    }

    /** The account identity key (base64) pinned for the user, if any. */
    public synchronized java.util.Optional<String> accountKey(String userId) {
        return java.util.Optional.ofNullable(state.accountKeys.get(userId));
    }

    /** The newest device list version seen for the user (0: none). */
    public synchronized long listVersion(String userId) {
        return state.listVersions.getOrDefault(userId, 0L);
    }

    /** Pins the user's account identity key and the list version just verified with it. */
    public synchronized void pinAccount(String userId, String accountKey, long version) {
        boolean changed = !accountKey.equals(state.accountKeys.put(userId, accountKey));
        Long before = state.listVersions.put(userId, version);
        if (changed || before == null || before != version) {
            file.save(state);
        }
    }

    /** The user's device list changed: read it again before the next send. */
    public synchronized void markStale(String userId) {
        if (state.staleDevices.add(userId)) {
            file.save(state);
        }
    }

    /** Whether the user's device list must be read again, clearing the mark. */
    public synchronized boolean takeStale(String userId) {
        boolean stale = state.staleDevices.remove(userId);
        if (stale) {
            file.save(state);
        }
        return stale;
    }

    /** Forgets every device of the user (a new device list: the next send reads it again). */
    public synchronized void forgetDevices(String userId) {
        if (state.devices.remove(userId) != null) {
            file.save(state);
        }
    }

    public synchronized Set<String> senderKeySentTo(String groupId) {
        return Set.copyOf(state.senderKeySentTo.getOrDefault(groupId, new TreeSet<>()));
    }

    /** The generation of this device's sender key for the group (0 until the first rotation). */
    public synchronized int senderKeyGeneration(String groupId) {
        return state.senderKeyGeneration.getOrDefault(groupId, 0);
    }

    /**
     * Starts a new sender key for the group (after a member left: the old key must not decrypt new messages); no
     * device has the new one yet.
     */
    public synchronized void rotateSenderKey(String groupId) {
        state.senderKeyGeneration.merge(groupId, 1, Integer::sum);
        state.senderKeySentTo.remove(groupId);
        file.save(state);
    }

    public synchronized void markSenderKeySent(String groupId, Collection<DeviceAddress> devices) {
        TreeSet<String> sent = state.senderKeySentTo.computeIfAbsent(groupId, g -> new TreeSet<>());
        devices.forEach(d -> sent.add(d.name()));
        file.save(state);
    }
}

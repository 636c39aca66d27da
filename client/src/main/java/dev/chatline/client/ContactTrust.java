package dev.chatline.client;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.VerificationBook;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.client.trust.SafetyNumber;
import dev.chatline.client.trust.SafetyNumbers;
import java.util.ArrayList;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * Safety numbers and their verification, and the warnings when they change. A contact's side of the number covers
 * the identity keys this device pinned for every device of that user (trust on first use), this user's side its
 * own devices' keys; a changed identity key or device set (a new device seen through a bundle or
 * {@code DEVICE_MISMATCH}, a device gone) changes the number, lapses a verification of it and is reported to
 * {@link ChatListener#onSafetyNumberChanged}, loudly ({@code wasVerified}) when the user had verified it.
 */
final class ContactTrust {
    private final DeviceContext ctx;
    private final ChatListener listener;
    private final VerificationBook verifications;

    ContactTrust(DeviceContext ctx, ChatListener listener) {
        this.ctx = ctx;
        this.listener = listener;
        this.verifications = new VerificationBook(ctx.store.directory());
    }

    /** The current safety number with {@code userId} (fetches the keys of devices not pinned yet; waits for the server). */
    SafetyNumber safetyNumber(String userId) {
        if (userId.equals(ctx.self().userId())) {
            throw new IllegalArgumentException("a safety number is between two users");
        }
        String digits = SafetyNumbers.compute(ctx.self().userId(), ownKeys(), userId, keysOf(userId));
        boolean verified = verifications.verified(userId).map(v -> SafetyNumbers.matches(v, digits)).orElse(false);
        boolean changed = verifications.lapsed(userId)
                || verifications.verified(userId).isPresent() && !verified;
        return new SafetyNumber(userId, digits, verified, changed);
    }

    /** Marks the current safety number with {@code userId} as verified (the user compared it out of band). */
    SafetyNumber verify(String userId) {
        SafetyNumber current = safetyNumber(userId);
        verifications.verify(userId, current.digits());
        return new SafetyNumber(userId, current.digits(), true, false);
    }

    /** A device of a contact (or of this user) has a new identity key. */
    void identityChanged(DeviceAddress device) {
        listener.onIdentityChanged(device);
        numberChanged(device.userId(), "new identity key of " + device);
    }

    /** A contact's (or this user's) device set changed. */
    void devicesChanged(String userId, List<DeviceAddress> added, List<DeviceAddress> removed) {
        String what = (added.isEmpty() ? "" : "new device " + added) + (added.isEmpty() || removed.isEmpty() ? "" : ", ")
                + (removed.isEmpty() ? "" : "device removed " + removed);
        numberChanged(userId, what);
    }

    private void numberChanged(String userId, String reason) {
        if (!userId.equals(ctx.self().userId())) {
            listener.onSafetyNumberChanged(userId, verifications.lapse(userId), reason);
            return;
        }
        // this user's own devices are part of every safety number
        for (String contact : verifications.verifiedUsers()) {
            listener.onSafetyNumberChanged(contact, verifications.lapse(contact), "your own " + reason);
        }
    }

    private List<IdentityKey> ownKeys() {
        List<IdentityKey> keys = new ArrayList<>();
        keys.add(ctx.store.getIdentityKeyPair().getPublicKey());
        if (!ctx.contacts.knows(ctx.self().userId())) {
            try {
                ctx.establishSessions(ctx.self().userId(), null);
            } catch (ServerErrorException e) {
                if (!"UNKNOWN_RECIPIENT".equals(e.code())) {
                    throw e;
                }
                return keys; // no other device
            }
        }
        ctx.contacts.devices(ctx.self().userId()).stream().filter(d -> !d.equals(ctx.self()))
                .forEach(d -> keys.add(pinned(d)));
        return keys;
    }

    private List<IdentityKey> keysOf(String userId) {
        if (!ctx.contacts.knows(userId)) {
            ctx.establishSessions(userId, null);
        }
        return ctx.contacts.devices(userId).stream().map(this::pinned).toList();
    }

    /**
     * The identity key pinned for a device; fetched (and pinned) when this device has no session with it (never had
     * one, or dropped it after an {@code identityChanged}: then the fetched key replaces the old one).
     */
    private IdentityKey pinned(DeviceAddress device) {
        IdentityKey key = ctx.locked(() -> ctx.pairwise.hasSession(device) ? ctx.store.getIdentity(device.signal()) : null);
        if (key == null) {
            ctx.establishSessions(device.userId(), device.deviceId());
            key = ctx.locked(() -> ctx.store.getIdentity(device.signal()));
        }
        if (key == null) {
            throw new IllegalStateException("no identity key for " + device);
        }
        return key;
    }
}

package dev.chatline.keys;

import dev.chatline.connection.DeviceAccount;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.auth.DeviceRef;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prekey service: devices upload public keys ({@code keysUpload}), others fetch one bundle per device
 * ({@code keysFetch}), devices ask how many one-time keys remain ({@code keysCount}). Private keys never reach the
 * server and signatures are not verified here (clients verify them when they process a bundle).
 *
 * <p>Invariants: a device's stored keys always belong to one identity (an upload with a new identity key replaces
 * the signed and last-resort keys and drops every one-time key of the old identity before the new keys are
 * written); each one-time key is handed out at most once ({@link SingleUsePreKeyStore}); a device holds at most
 * {@link KeysSettings#maxStoredPerDevice()} one-time keys of each kind; at most
 * {@link KeysSettings#handoutsPerDevice()} bundles with one-time keys are handed out per device and window, whoever
 * asks, so many requesters together cannot drain a device (Signal's answer when none are left: the signed prekey
 * and the last-resort Kyber key); at most {@link KeysSettings#identityChanges()} identity changes per user and
 * window reach contacts; a device the user's signed device list names keeps the identity key the list names
 * (a different one is {@code IDENTITY_LOCKED}: only a new list, signed by the account identity, changes it); bundles
 * are handed out only for linked devices whose stored identity key is the one the list names (every device of a
 * user without an account).
 */
public final class KeysService {
    private static final Logger LOG = LoggerFactory.getLogger(KeysService.class);

    /** What {@link #fetch} returns: the bundles and the user's signed device list, if the user has an account. */
    public record Bundles(List<KeyBundle> bundles, Optional<DeviceAccount.Account> account) {
    }

    private final DeviceKeysStore deviceKeys;
    private final DeviceAccountStore devices;
    private final SingleUseEcPreKeyStore ecPreKeys;
    private final SingleUseKemPreKeyStore kemPreKeys;
    private final IdentityChangeNotifier notifier;
    private final DeviceChanges deviceChanges;
    private final RateLimiter rateLimiter;
    private final KeysSettings settings;
    private final Clock clock;
    private final RemoteKeys remote;

    /**
     * @param deviceChanges told after keys with a new registration id were stored (a new or reinstalled device)
     * @param remote the bundles of users homed in other cells ({@link RemoteKeys#NONE} in a single cell)
     */
    public KeysService(DeviceKeysStore deviceKeys, DeviceAccountStore devices, SingleUseEcPreKeyStore ecPreKeys,
                       SingleUseKemPreKeyStore kemPreKeys, IdentityChangeNotifier notifier, RateLimiter rateLimiter,
                       KeysSettings settings, Clock clock, DeviceChanges deviceChanges, RemoteKeys remote) {
        this.remote = remote;
        this.deviceKeys = deviceKeys;
        this.devices = devices;
        this.ecPreKeys = ecPreKeys;
        this.kemPreKeys = kemPreKeys;
        this.notifier = notifier;
        this.deviceChanges = deviceChanges;
        this.rateLimiter = rateLimiter;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stores the caller device's keys; returns how many one-time keys it has now.
     *
     * @param upload a valid {@code keysUpload}, its keys decoded here ({@link KeysUploadRequest#from})
     */
    public KeyCounts upload(Identity device, KeysUpload upload) {
        KeysUploadRequest request = KeysUploadRequest.from(upload);
        DeviceRef ref = device.device();
        Optional<DeviceKeys> existing = deviceKeys.get(device.userId(), device.deviceId());
        boolean replace = existing.isEmpty()
                || request.identity().map(k -> !existing.get().hasIdentity(k)).orElse(false);
        DeviceAccount account = devices.read(device.userId());
        request.identity().ifPresent(k -> checkListedIdentity(account, device, k));
        boolean identityChanged = replace && existing.isPresent();
        if (identityChanged) {
            // before any write: each change tells every contact, so a flipping device cannot flood them
            rateLimiter.acquire("identityChange#" + device.userId(), settings.identityChanges());
        }
        KeyCounts before = replace ? new KeyCounts(0, 0) : count(ref);
        checkRoom("preKeys", before.preKeys(), request.preKeys().size());
        checkRoom("kyberPreKeys", before.kyberPreKeys(), request.kyberPreKeys().size());
        long now = clock.millis();
        DeviceKeys next = replace ? fresh(device, request, now) : merged(existing.get(), request, now);
        if (identityChanged) {
            // one-time keys of the old identity go first: a bundle never pairs them with the new identity key
            ecPreKeys.deleteAll(ref);
            kemPreKeys.deleteAll(ref);
        }
        if (!next.equals(existing.orElse(null))) {
            deviceKeys.put(next);
        }
        if (replace) {
            deviceChanges.changed(device.userId()); // a new registration id
        }
        ecPreKeys.store(ref, request.preKeys());
        kemPreKeys.store(ref, request.kyberPreKeys());
        if (identityChanged && account.isLinked(device.deviceId())) {
            notifier.identityChanged(device, next.identityKey(), now);
        }
        LOG.info("keys uploaded: {} EC and {} Kyber one-time keys, identity {}", request.preKeys().size(),
                request.kyberPreKeys().size(), existing.isEmpty() ? "new" : replace ? "changed" : "unchanged");
        return count(ref);
    }

    /**
     * One bundle per device of {@code userId} (or only {@code deviceId}), consuming one one-time EC and one one-time
     * Kyber prekey of each; the requester's own device is left out when it fetches its own user.
     */
    public Bundles fetch(Identity requester, String userId, Optional<String> deviceId) {
        acquireFetch(requester, userId);
        return handOut(requester, userId, deviceId);
    }

    /**
     * {@code keysFetch}: {@link #fetch} as the {@code keyBundles} frame; for a user homed in another cell the
     * requester's limits are taken here and the bundles handed out by that cell ({@link #handOut} there).
     */
    public KeysFrames.KeyBundles keyBundles(Identity requester, String userId, Optional<String> deviceId) {
        acquireFetch(requester, userId);
        return remote.keyBundles(requester, userId, deviceId)
                .orElseGet(() -> KeyFrames.bundles(userId, handOut(requester, userId, deviceId)));
    }

    private void acquireFetch(Identity requester, String userId) {
        rateLimiter.acquire("keysFetch#" + requester.userId(), settings.fetchPerRequester());
        rateLimiter.acquire("keysFetch#" + requester.userId() + "#" + userId, settings.fetchPerPair());
    }

    /**
     * The bundles of a user of this cell, after the requester's limits were taken (here, or in the requester's
     * cell for a fetch forwarded from there); the per-device handout limit is the owner's, so it is taken here.
     */
    public Bundles handOut(Identity requester, String userId, Optional<String> deviceId) {
        DeviceAccount account = this.devices.read(userId);
        List<DeviceKeys> devices = deviceId.map(d -> deviceKeys.get(userId, d).stream().toList())
                .orElseGet(() -> deviceKeys.all(userId)).stream()
                .filter(d -> !(d.userId().equals(requester.userId()) && d.deviceId().equals(requester.deviceId())))
                .filter(d -> listed(account, d))
                .toList();
        if (devices.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, deviceId.isPresent()
                    ? "device '" + deviceId.get() + "' of user '" + userId + "' has no keys"
                    : "user '" + userId + "' has no device with keys");
        }
        List<KeyBundle> bundles = new ArrayList<>();
        for (DeviceKeys d : devices) {
            bundles.add(bundle(d));
        }
        LOG.info("handed out {} bundles", bundles.size());
        return new Bundles(bundles, account.account());
    }

    /** A bundle is handed out only for a linked device whose keys carry the identity key the list names. */
    private static boolean listed(DeviceAccount account, DeviceKeys keys) {
        if (account.account().isEmpty()) {
            return true;
        }
        return account.device(keys.deviceId()).filter(DeviceAccount.Device::linked)
                .map(d -> keys.hasIdentity(d.linkedKey())).orElse(false);
    }

    /** A listed device cannot take another identity key: that needs a new list (approval or account reset). */
    private static void checkListedIdentity(DeviceAccount account, Identity device, byte[] identityKey) {
        account.device(device.deviceId()).filter(DeviceAccount.Device::linked).ifPresent(d -> {
            if (account.account().isPresent() && !java.util.Arrays.equals(d.linkedKey(), identityKey)) {
                throw new ProtocolException(ErrorCode.IDENTITY_LOCKED, "device '" + device.deviceId()
                        + "' is linked with another identity key; link it again from a linked device"
                        + " or reset the account");
            }
        });
    }

    /**
     * One device's bundle: with one-time keys while the device's handout budget lasts, else (as when it has none
     * left) without a one-time EC key and with the last-resort Kyber key, which still establishes a session.
     */
    private KeyBundle bundle(DeviceKeys d) {
        DeviceRef ref = new DeviceRef(d.userId(), d.deviceId());
        if (!rateLimiter.tryAcquire("keysHandout#" + ref.key(), settings.handoutsPerDevice())) {
            LOG.info("one-time prekeys withheld: the device's handout limit is reached");
            return new KeyBundle(d, Optional.empty(), d.kyberLastResort(), true);
        }
        Optional<PreKey> ec = ecPreKeys.take(ref);
        Optional<PreKey> kem = kemPreKeys.take(ref);
        return new KeyBundle(d, ec, kem.orElse(d.kyberLastResort()), kem.isEmpty());
    }

    public KeyCounts count(Identity device) {
        return count(device.device());
    }

    private KeyCounts count(DeviceRef ref) {
        return new KeyCounts(ecPreKeys.count(ref), kemPreKeys.count(ref));
    }

    private void checkRoom(String field, int stored, int adding) {
        if (adding > 0 && stored + adding > settings.maxStoredPerDevice()) {
            throw new ProtocolException(ErrorCode.TOO_MANY_PREKEYS, "field '" + field + "': " + stored
                    + " stored + " + adding + " uploaded exceeds " + settings.maxStoredPerDevice() + " per device");
        }
    }

    /** A first upload, or one with a new identity key: every long-lived key is required. */
    private static DeviceKeys fresh(Identity device, KeysUploadRequest r, long now) {
        byte[] identity = r.identity().orElseThrow(() -> ClientFrame.missing("identityKey"));
        if (r.registrationId() == null) {
            throw ClientFrame.missing("registrationId");
        }
        if (r.signedPreKey() == null) {
            throw ClientFrame.missing("signedPreKey");
        }
        if (r.kyberLastResort() == null) {
            throw ClientFrame.missing("kyberLastResort");
        }
        return new DeviceKeys(device.userId(), device.deviceId(), r.registrationId(), identity, r.signedPreKey(),
                r.kyberLastResort(), now);
    }

    /** Same identity: the upload may rotate the signed prekey, the last-resort key and the registration id. */
    private static DeviceKeys merged(DeviceKeys old, KeysUploadRequest r, long now) {
        if (r.registrationId() == null && r.signedPreKey() == null && r.kyberLastResort() == null) {
            return old;
        }
        return new DeviceKeys(old.userId(), old.deviceId(),
                r.registrationId() != null ? r.registrationId() : old.registrationId(), old.identityKey(),
                r.signedPreKey() != null ? r.signedPreKey() : old.signedPreKey(),
                r.kyberLastResort() != null ? r.kyberLastResort() : old.kyberLastResort(), now);
    }
}

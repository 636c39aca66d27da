package dev.chatline.client.keys;

import dev.chatline.client.keys.KeyBundles.DeviceBundle;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.KeysUpload;
import java.util.List;
import org.signal.libsignal.protocol.InvalidKeyException;

/**
 * This device's side of the server's key service: the first upload ({@code keysUpload} with the identity key),
 * replenishing one-time prekeys when {@code keysCount} says they run low, and fetching other devices' bundles
 * ({@code keysFetch}). Key generation happens on the calling thread (Kyber keys take a few ms each).
 */
public final class KeyService {
    /** One-time keys of each kind per upload (the server takes at most 40 Kyber keys per upload). */
    public static final int BATCH = 30;
    /** Replenish when fewer one-time keys than this are left on the server. */
    public static final int LOW_WATER = 10;

    private final DeviceStore store;
    private final PreKeyGenerator generator;
    private final KeyRotation rotation;
    private volatile KeyRotation.Policy rotationPolicy = KeyRotation.Policy.DEFAULT;

    public KeyService(DeviceStore store) {
        this.store = store;
        this.generator = new PreKeyGenerator(store);
        this.rotation = new KeyRotation(store, generator);
    }

    /** How often the signed prekey and last-resort Kyber key rotate, and how long retired ones are kept. */
    public void rotationPolicy(KeyRotation.Policy policy) {
        this.rotationPolicy = java.util.Objects.requireNonNull(policy);
    }

    /** Rotates the signed and last-resort keys when due (uploading the new ones) and prunes retired ones. */
    public boolean rotateIfDue(ChatSocket socket, java.time.Instant now) {
        return rotation.rotateIfDue(upload -> upload(socket, upload), rotationPolicy, now);
    }

    /** Uploads identity, signed, last-resort and one-time keys unless this store already did. */
    public void registerIfNeeded(ChatSocket socket) {
        if (store.isRegistered()) {
            return;
        }
        try {
            upload(socket, generator.registrationUpload(BATCH));
        } catch (ServerErrorException e) {
            if ("IDENTITY_LOCKED".equals(e.code())) {
                return; // the list names another key for this device id: uploaded once linked again or reset
            }
            throw e;
        }
        store.updateIdentityState(s -> s.registered = true);
    }

    /**
     * Asks the server how many one-time keys remain and uploads a batch of each kind that fell below
     * {@link #LOW_WATER}. Returns true when it uploaded.
     */
    public boolean replenishIfLow(ChatSocket socket) {
        return replenishIfLow(socket, () -> { });
    }

    /** @param serverForgotDevice run when the server had no keys of this device (they were published again) */
    public boolean replenishIfLow(ChatSocket socket, Runnable serverForgotDevice) {
        KeysFrames.KeysCount count = socket.call(new ClientMessage.KeysCount(), KeysFrames.KeysCount.class);
        int ec = count.preKeys() < LOW_WATER ? BATCH : 0;
        int kyber = count.kyberPreKeys() < LOW_WATER ? BATCH : 0;
        if (ec == 0 && kyber == 0) {
            return false;
        }
        try {
            upload(socket, generator.replenishUpload(ec, kyber));
        } catch (ServerErrorException e) {
            if (!"MISSING_FIELD".equals(e.code())) {
                throw e;
            }
            // the server has no keys for this device (e.g. a wiped local backend): publish all again, same identity;
            // the one-time keys it had are gone, so their private parts are of no use any more
            int[] next = store.updateIdentityState(s -> new int[] {s.nextPreKeyId, s.nextKyberPreKeyId});
            upload(socket, generator.registrationUpload(BATCH));
            rotation.pruneOneTimeKeysBelow(next[0], next[1]);
            serverForgotDevice.run();
        }
        return true;
    }

    /** Bundles of every device of {@code userId}, or of one device when {@code deviceId} is not null. */
    public List<DeviceBundle> fetch(ChatSocket socket, String userId, String deviceId) throws InvalidKeyException {
        return KeyBundles.parse(fetchFrame(socket, userId, deviceId));
    }

    /** The {@code keyBundles} frame itself: the bundles and the user's signed device list. */
    public KeysFrames.KeyBundles fetchFrame(ChatSocket socket, String userId, String deviceId) {
        return socket.call(new ClientMessage.KeysFetch(userId, deviceId), KeysFrames.KeyBundles.class);
    }

    private static KeysFrames.KeysUploaded upload(ChatSocket socket, KeysUpload upload) {
        return socket.call(upload, KeysFrames.KeysUploaded.class);
    }
}

package dev.chatline.client.session;

import dev.chatline.client.keys.KeyBundles;
import dev.chatline.client.keys.KeyBundles.DeviceBundle;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.KeysFrames.KeyBundles.Bundle;
import dev.chatline.protocol.KeysUpload;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The public keys one device uploaded, handed out the way the contract says the server does (for unit tests
 * without a server): each bundle takes one one-time EC and one one-time Kyber prekey, then the last-resort Kyber key.
 */
public final class UploadedKeys {
    private final String userId;
    private final String deviceId;
    private final KeysUpload registration;
    private final Deque<KeysUpload.Key> preKeys;
    private final Deque<KeysUpload.Key> kyberPreKeys;

    public UploadedKeys(String userId, String deviceId, KeysUpload registrationUpload) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.registration = registrationUpload;
        this.preKeys = new ArrayDeque<>(registrationUpload.preKeys());
        this.kyberPreKeys = new ArrayDeque<>(registrationUpload.kyberPreKeys());
    }

    /** The {@code keyBundles} frame for one fetch. */
    public KeysFrames.KeyBundles fetchFrame() {
        Bundle bundle = new Bundle(deviceId, registration.registrationId().intValue(), registration.identityKey(),
                publicKey(registration.signedPreKey()), preKeys.isEmpty() ? null : publicKey(preKeys.poll()),
                publicKey(kyberPreKeys.isEmpty() ? registration.kyberLastResort() : kyberPreKeys.poll()));
        return new KeysFrames.KeyBundles(userId, null, List.of(bundle));
    }

    public DeviceBundle fetch() throws Exception {
        return KeyBundles.parse(fetchFrame()).get(0);
    }

    private static KeysFrames.PublicKey publicKey(KeysUpload.Key key) {
        return new KeysFrames.PublicKey(key.keyId(), key.publicKey(), key.signature());
    }
}

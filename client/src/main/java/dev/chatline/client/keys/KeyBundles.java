package dev.chatline.client.keys;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.B64;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.KeysFrames.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/** Turns the server's {@code keyBundles} frame into libsignal {@link PreKeyBundle}s, one per device. */
public final class KeyBundles {
    /** A device's bundle as fetched from the server. */
    public record DeviceBundle(DeviceAddress device, PreKeyBundle bundle) {
    }

    private KeyBundles() {
    }

    /**
     * Parses every device of a {@code keyBundles} frame. A malformed key is an {@link InvalidKeyException}: the
     * bundle cannot be used (libsignal also checks the signatures when the session is built).
     */
    public static List<DeviceBundle> parse(KeysFrames.KeyBundles frame) throws InvalidKeyException {
        List<DeviceBundle> out = new ArrayList<>();
        for (KeysFrames.KeyBundles.Bundle d : frame.devices() == null ? List.<KeysFrames.KeyBundles.Bundle>of()
                : frame.devices()) {
            DeviceAddress device = new DeviceAddress(frame.userId(), d.deviceId());
            PublicKey signed = required(d.signedPreKey(), "signedPreKey");
            PublicKey kyber = required(d.kyberPreKey(), "kyberPreKey");
            PublicKey preKey = d.preKey();
            PreKeyBundle bundle = new PreKeyBundle(
                    d.registrationId(),
                    device.signal().getDeviceId(),
                    preKey != null ? (int) preKey.keyId() : PreKeyBundle.NULL_PRE_KEY_ID,
                    preKey != null ? new ECPublicKey(bytes(preKey.publicKey(), "preKey.publicKey")) : null,
                    (int) signed.keyId(),
                    new ECPublicKey(bytes(signed.publicKey(), "signedPreKey.publicKey")),
                    bytes(signed.signature(), "signedPreKey.signature"),
                    new IdentityKey(bytes(d.identityKey(), "identityKey")),
                    (int) kyber.keyId(),
                    new KEMPublicKey(bytes(kyber.publicKey(), "kyberPreKey.publicKey")),
                    bytes(kyber.signature(), "kyberPreKey.signature"));
            out.add(new DeviceBundle(device, bundle));
        }
        return out;
    }

    private static PublicKey required(PublicKey key, String field) throws InvalidKeyException {
        if (key == null) {
            throw new InvalidKeyException("bundle without '" + field + "'");
        }
        return key;
    }

    private static byte[] bytes(String base64, String field) throws InvalidKeyException {
        if (base64 == null) {
            throw new InvalidKeyException("bundle without '" + field + "'");
        }
        try {
            return B64.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("bad key field '" + field + "': " + e.getMessage());
        }
    }
}

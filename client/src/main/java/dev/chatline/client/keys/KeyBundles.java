package dev.chatline.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.store.B64;
import dev.chatline.client.transport.Json;
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
    public static List<DeviceBundle> parse(JsonNode frame) throws InvalidKeyException {
        String userId = Json.text(frame, "userId");
        List<DeviceBundle> out = new ArrayList<>();
        for (JsonNode d : frame.path("devices")) {
            DeviceAddress device = new DeviceAddress(userId, Json.text(d, "deviceId"));
            JsonNode signed = d.path("signedPreKey");
            JsonNode kyber = d.path("kyberPreKey");
            JsonNode preKey = d.get("preKey");
            boolean hasPreKey = preKey != null && preKey.isObject();
            PreKeyBundle bundle = new PreKeyBundle(
                    d.path("registrationId").asInt(),
                    device.signal().getDeviceId(),
                    hasPreKey ? preKey.path("keyId").asInt() : PreKeyBundle.NULL_PRE_KEY_ID,
                    hasPreKey ? new ECPublicKey(bytes(preKey, "publicKey")) : null,
                    signed.path("keyId").asInt(),
                    new ECPublicKey(bytes(signed, "publicKey")),
                    bytes(signed, "signature"),
                    new IdentityKey(bytes(d, "identityKey")),
                    kyber.path("keyId").asInt(),
                    new KEMPublicKey(bytes(kyber, "publicKey")),
                    bytes(kyber, "signature"));
            out.add(new DeviceBundle(device, bundle));
        }
        return out;
    }

    private static byte[] bytes(JsonNode node, String field) throws InvalidKeyException {
        try {
            return B64.decode(Json.text(node, field));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("bad key field '" + field + "': " + e.getMessage());
        }
    }
}

package dev.chatline.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.keys.KeyFormats.KeyType;
import dev.chatline.protocol.ClientFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated {@code keysUpload} frame. Every present key has the exact serialized size and type byte, every
 * signed key has a 64-byte signature, key ids are 24-bit and unique within each list, and one upload holds at most
 * {@value #MAX_KEYS_PER_UPLOAD} one-time EC keys and {@value #MAX_KYBER_KEYS_PER_UPLOAD} one-time Kyber keys (a Kyber
 * key with its signature takes ~2.2 KB of base64, so 40 of them keep the frame below API Gateway's 128 KB). Whether the identity/signed/last-resort keys are required is decided by
 * {@link KeysService} (they are on a device's first upload and when its identity key changes).
 *
 * @param registrationId libsignal's registration id (1..{@value #MAX_REGISTRATION_ID}), or null
 * @param identityKey the device's identity public key, or null
 */
public record KeysUploadRequest(Integer registrationId, byte[] identityKey, PreKey signedPreKey,
                                PreKey kyberLastResort, List<PreKey> preKeys, List<PreKey> kyberPreKeys) {
    public static final int MAX_KEYS_PER_UPLOAD = 100;
    public static final int MAX_KYBER_KEYS_PER_UPLOAD = 40;
    public static final int MAX_REGISTRATION_ID = 16380;

    public KeysUploadRequest {
        preKeys = List.copyOf(preKeys);
        kyberPreKeys = List.copyOf(kyberPreKeys);
    }

    public Optional<byte[]> identity() {
        return Optional.ofNullable(identityKey);
    }

    public static KeysUploadRequest parse(ClientFrame frame) {
        Integer registrationId = frame.optLong("registrationId", 1, MAX_REGISTRATION_ID).map(Long::intValue)
                .orElse(null);
        byte[] identity = frame.optString("identityKey")
                .map(k -> KeyFormats.publicKey("identityKey", k, KeyType.EC)).orElse(null);
        PreKey signed = optKey(frame.node("signedPreKey"), "signedPreKey", KeyType.EC, true);
        PreKey lastResort = optKey(frame.node("kyberLastResort"), "kyberLastResort", KeyType.KEM, true);
        List<PreKey> preKeys = keyList(frame.node("preKeys"), "preKeys", KeyType.EC, false, MAX_KEYS_PER_UPLOAD);
        List<PreKey> kyberPreKeys = keyList(frame.node("kyberPreKeys"), "kyberPreKeys", KeyType.KEM, true,
                MAX_KYBER_KEYS_PER_UPLOAD);
        return new KeysUploadRequest(registrationId, identity, signed, lastResort, preKeys, kyberPreKeys);
    }

    private static List<PreKey> keyList(JsonNode list, String field, KeyType type, boolean signed, int max) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ClientFrame.invalid(field, "must be an array");
        }
        if (list.size() > max) {
            throw ClientFrame.invalid(field, "must have at most " + max + " keys per upload");
        }
        List<PreKey> out = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            PreKey k = optKey(list.get(i), field + "[" + i + "]", type, signed);
            if (k == null) {
                throw ClientFrame.invalid(field + "[" + i + "]", "must be a key object");
            }
            if (!ids.add(k.keyId())) {
                throw ClientFrame.invalid(field, "has key id " + k.keyId() + " more than once");
            }
            out.add(k);
        }
        return out;
    }

    /** {@code {"keyId","publicKey","signature"?}} or null when absent. */
    private static PreKey optKey(JsonNode n, String field, KeyType type, boolean signed) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ClientFrame.invalid(field, "must be an object {keyId, publicKey" + (signed ? ", signature}" : "}"));
        }
        JsonNode id = n.get("keyId");
        if (id == null || id.isNull()) {
            throw ClientFrame.missing(field + ".keyId");
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0
                || id.asLong() > KeyFormats.MAX_KEY_ID) {
            throw ClientFrame.invalid(field + ".keyId", "must be an integer between 0 and " + KeyFormats.MAX_KEY_ID);
        }
        byte[] publicKey = KeyFormats.publicKey(field + ".publicKey", text(n, field + ".publicKey", "publicKey"),
                type);
        byte[] signature = signed
                ? KeyFormats.signature(field + ".signature", text(n, field + ".signature", "signature")) : null;
        return new PreKey(id.asInt(), publicKey, signature);
    }

    private static String text(JsonNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw ClientFrame.missing(path);
        }
        if (!v.isTextual()) {
            throw ClientFrame.invalid(path, "must be a string");
        }
        return v.asText();
    }
}

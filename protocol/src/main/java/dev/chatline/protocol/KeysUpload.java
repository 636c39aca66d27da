package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.PublicKeys.KeyType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code keysUpload}: a device's public keys (standard base64). Every present key has the exact serialized size and
 * type byte ({@link PublicKeys}), every signed key a 64-byte signature, key ids are 24-bit and unique within each
 * list; at most {@value #MAX_KEYS_PER_UPLOAD} one-time EC keys and {@value #MAX_KYBER_KEYS_PER_UPLOAD} one-time Kyber
 * keys per upload (40 Kyber keys with signatures keep the frame below API Gateway's 128 KB). Whether the identity,
 * signed and last-resort keys are required is the key service's decision (first upload, identity change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeysUpload(Long registrationId, String identityKey, Key signedPreKey, Key kyberLastResort,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Key> preKeys,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Key> kyberPreKeys) implements ClientMessage {
    public static final String ACTION = "keysUpload";
    public static final int MAX_KEYS_PER_UPLOAD = 100;
    public static final int MAX_KYBER_KEYS_PER_UPLOAD = 40;

    /** A prekey: {@code signature} is null for one-time EC keys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(Long keyId, String publicKey, String signature) {
    }

    public KeysUpload {
        Check.range("registrationId", registrationId, 1, PublicKeys.MAX_REGISTRATION_ID);
        if (identityKey != null) {
            PublicKeys.publicKey("identityKey", identityKey, KeyType.EC);
        }
        check(signedPreKey, "signedPreKey", KeyType.EC, true);
        check(kyberLastResort, "kyberLastResort", KeyType.KEM, true);
        preKeys = checkList(preKeys, "preKeys", KeyType.EC, false, MAX_KEYS_PER_UPLOAD);
        kyberPreKeys = checkList(kyberPreKeys, "kyberPreKeys", KeyType.KEM, true, MAX_KYBER_KEYS_PER_UPLOAD);
    }

    @Override
    public String action() {
        return ACTION;
    }

    private static List<Key> checkList(List<Key> keys, String field, KeyType type, boolean signed, int max) {
        if (keys == null) {
            return List.of();
        }
        if (keys.size() > max) {
            throw ClientFrame.invalid(field, "must have at most " + max + " keys per upload");
        }
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            if (k == null) {
                throw ClientFrame.invalid(field + "[" + i + "]", "must be a key object");
            }
            check(k, field + "[" + i + "]", type, signed);
            if (!ids.add(k.keyId())) {
                throw ClientFrame.invalid(field, "has key id " + k.keyId() + " more than once");
            }
        }
        return List.copyOf(keys);
    }

    private static void check(Key k, String field, KeyType type, boolean signed) {
        if (k == null) {
            return;
        }
        Long id = Check.required(field + ".keyId", k.keyId());
        if (id < 0 || id > PublicKeys.MAX_KEY_ID) {
            throw ClientFrame.invalid(field + ".keyId", "must be an integer between 0 and " + PublicKeys.MAX_KEY_ID);
        }
        PublicKeys.publicKey(field + ".publicKey", Check.required(field + ".publicKey", k.publicKey()), type);
        if (signed) {
            PublicKeys.signature(field + ".signature", Check.required(field + ".signature", k.signature()));
        }
    }

    static KeysUpload read(ClientFrame f) {
        return new KeysUpload(f.optLong("registrationId").orElse(null), f.optString("identityKey").orElse(null),
                readKey(f.node("signedPreKey"), "signedPreKey", true),
                readKey(f.node("kyberLastResort"), "kyberLastResort", true),
                readList(f.node("preKeys"), "preKeys", false), readList(f.node("kyberPreKeys"), "kyberPreKeys", true));
    }

    private static List<Key> readList(JsonNode list, String field, boolean signed) {
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw ClientFrame.invalid(field, "must be an array");
        }
        List<Key> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Key k = readKey(list.get(i), field + "[" + i + "]", signed);
            if (k == null) {
                throw ClientFrame.invalid(field + "[" + i + "]", "must be a key object");
            }
            out.add(k);
        }
        return out;
    }

    /** {@code {"keyId","publicKey","signature"?}}, or null when absent. */
    private static Key readKey(JsonNode n, String field, boolean signed) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ClientFrame.invalid(field, "must be an object {keyId, publicKey" + (signed ? ", signature}" : "}"));
        }
        JsonNode id = n.get("keyId");
        Long keyId = null;
        if (id != null && !id.isNull()) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw ClientFrame.invalid(field + ".keyId", "must be an integer between 0 and "
                        + PublicKeys.MAX_KEY_ID);
            }
            keyId = id.asLong();
        }
        return new Key(keyId, text(n, field, "publicKey"), signed ? text(n, field, "signature") : null);
    }

    private static String text(JsonNode n, String field, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ClientFrame.invalid(field + "." + name, "must be a string");
        }
        return v.asText();
    }
}

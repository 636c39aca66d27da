package dev.chatline.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.Json;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Test-only: well-formed random public keys and signatures of libsignal's serialized sizes (EC: type byte 0x05 +
 * 32 bytes, Kyber1024: 0x08 + 1568 bytes, signature: 64 bytes) and {@code keysUpload} frames built from them. The
 * server never verifies signatures, so random bytes of the right shape are all its tests need.
 */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static String ecKey() {
        return key(KeyFormats.EC_PUBLIC_KEY_BYTES, KeyFormats.EC_TYPE);
    }

    public static String kemKey() {
        return key(KeyFormats.KEM_PUBLIC_KEY_BYTES, KeyFormats.KEM_TYPE);
    }

    public static String signature() {
        byte[] b = new byte[KeyFormats.SIGNATURE_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A complete first upload: identity, signed prekey, last resort, one-time keys with ids from..from+count-1. */
    public static ObjectNode upload(String identityKey, int from, int count) {
        ObjectNode f = Json.object();
        f.put("action", "keysUpload");
        f.put("registrationId", 1 + RANDOM.nextInt(16380));
        f.put("identityKey", identityKey);
        f.set("signedPreKey", signed(1, ecKey()));
        f.set("kyberLastResort", signed(2, kemKey()));
        addOneTime(f, from, count, count);
        return f;
    }

    /** Only one-time keys (a replenishing upload): {@code count} EC keys and {@code count} Kyber keys. */
    public static ObjectNode oneTimeOnly(int from, int count) {
        return oneTimeOnly(from, count, count);
    }

    /** Only one-time keys: EC key ids from..from+ecCount-1, Kyber key ids from..from+kyberCount-1. */
    public static ObjectNode oneTimeOnly(int from, int ecCount, int kyberCount) {
        ObjectNode f = Json.object();
        f.put("action", "keysUpload");
        addOneTime(f, from, ecCount, kyberCount);
        return f;
    }

    public static ObjectNode signed(int keyId, String publicKey) {
        ObjectNode k = Json.object();
        k.put("keyId", keyId);
        k.put("publicKey", publicKey);
        k.put("signature", signature());
        return k;
    }

    private static void addOneTime(ObjectNode f, int from, int ecCount, int kyberCount) {
        ArrayNode ec = f.putArray("preKeys");
        ArrayNode kem = f.putArray("kyberPreKeys");
        for (int id = from; id < from + ecCount; id++) {
            ec.addObject().put("keyId", id).put("publicKey", ecKey());
        }
        for (int id = from; id < from + kyberCount; id++) {
            kem.add(signed(id, kemKey()));
        }
    }

    private static String key(int size, byte type) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        b[0] = type;
        return Base64.getEncoder().encodeToString(b);
    }
}

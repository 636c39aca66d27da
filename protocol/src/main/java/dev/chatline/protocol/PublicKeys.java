package dev.chatline.protocol;

import java.util.Base64;

/**
 * Shapes of libsignal's serialized public keys and signatures as they travel (standard base64 with padding): an EC
 * public key is the type byte {@code 0x05} and 32 bytes; a Kyber1024 public key the type byte {@code 0x08} and 1568
 * bytes; an XEdDSA signature 64 bytes; key ids are 24-bit. The server checks shapes only, never signatures.
 */
public final class PublicKeys {
    public static final int EC_PUBLIC_KEY_BYTES = 33;
    public static final int KEM_PUBLIC_KEY_BYTES = 1569;
    public static final int SIGNATURE_BYTES = 64;
    public static final int MAX_KEY_ID = (1 << 24) - 1;
    public static final byte EC_TYPE = 0x05;
    public static final byte KEM_TYPE = 0x08;
    /** libsignal's largest registration id. */
    public static final int MAX_REGISTRATION_ID = 16380;

    /** The two kinds of public key a bundle carries. */
    public enum KeyType {
        EC(EC_PUBLIC_KEY_BYTES, EC_TYPE), KEM(KEM_PUBLIC_KEY_BYTES, KEM_TYPE);

        private final int bytes;
        private final byte typeByte;

        KeyType(int bytes, byte typeByte) {
            this.bytes = bytes;
            this.typeByte = typeByte;
        }
    }

    private PublicKeys() {
    }

    /** Decodes a public key of {@code type} (exact length and type byte) or throws INVALID_FIELD naming the field. */
    public static byte[] publicKey(String field, String base64, KeyType type) {
        byte[] key = decode(field, base64);
        if (key.length != type.bytes || key[0] != type.typeByte) {
            throw ClientFrame.invalid(field, "must be a serialized " + type.name() + " public key ("
                    + type.bytes + " bytes, type byte 0x" + Integer.toHexString(type.typeByte) + ")");
        }
        return key;
    }

    /** Decodes a {@value #SIGNATURE_BYTES}-byte signature or throws INVALID_FIELD. */
    public static byte[] signature(String field, String base64) {
        byte[] sig = decode(field, base64);
        if (sig.length != SIGNATURE_BYTES) {
            throw ClientFrame.invalid(field, "must be a " + SIGNATURE_BYTES + "-byte signature");
        }
        return sig;
    }

    /** Standard base64 (any length), or INVALID_FIELD "not base64". */
    public static byte[] base64(String field, String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ClientFrame.invalid(field, "not base64");
        }
    }

    private static byte[] decode(String field, String base64) {
        if (base64.length() > 4 * (KEM_PUBLIC_KEY_BYTES + 2) / 3 + 4) {
            throw ClientFrame.invalid(field, "is too long");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ClientFrame.invalid(field, "must be standard base64");
        }
    }
}

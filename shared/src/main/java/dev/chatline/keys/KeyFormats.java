package dev.chatline.keys;

import dev.chatline.protocol.PublicKeys;

/**
 * Shapes of libsignal's serialized public keys and signatures, as they travel in frames (standard base64 with
 * padding): an EC public key is the type byte {@code 0x05} and 32 bytes; a Kyber1024 public key is the type byte
 * {@code 0x08} and 1568 bytes; an XEdDSA signature is 64 bytes; key ids are 24-bit. The rules are
 * {@link PublicKeys}' (the protocol's); this is the keys feature's view of them.
 */
public final class KeyFormats {
    public static final int EC_PUBLIC_KEY_BYTES = PublicKeys.EC_PUBLIC_KEY_BYTES;
    public static final int KEM_PUBLIC_KEY_BYTES = PublicKeys.KEM_PUBLIC_KEY_BYTES;
    public static final int SIGNATURE_BYTES = PublicKeys.SIGNATURE_BYTES;
    public static final int MAX_KEY_ID = PublicKeys.MAX_KEY_ID;
    public static final byte EC_TYPE = PublicKeys.EC_TYPE;
    public static final byte KEM_TYPE = PublicKeys.KEM_TYPE;

    /** The two kinds of public key a bundle carries. */
    public enum KeyType {
        EC, KEM
    }

    private KeyFormats() {
    }

    /** Decodes a public key of {@code type} (exact length and type byte) or throws INVALID_FIELD naming the field. */
    public static byte[] publicKey(String field, String base64, KeyType type) {
        return PublicKeys.publicKey(field, base64, PublicKeys.KeyType.valueOf(type.name()));
    }

    /** Decodes a {@value #SIGNATURE_BYTES}-byte signature or throws INVALID_FIELD. */
    public static byte[] signature(String field, String base64) {
        return PublicKeys.signature(field, base64);
    }
}

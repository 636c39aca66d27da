package dev.chatline.keys;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A public prekey as libsignal serializes it: an EC prekey ({@value KeyFormats#EC_PUBLIC_KEY_BYTES} bytes, no
 * signature), a signed EC prekey or a (signed) Kyber prekey ({@value KeyFormats#KEM_PUBLIC_KEY_BYTES} bytes).
 * The server checks only the shapes; clients verify signatures (libsignal does when it processes a bundle).
 *
 * @param keyId 0..2^24-1, chosen by the client
 * @param signature the identity key's signature over the public key, or null for one-time EC prekeys
 */
public record PreKey(int keyId, byte[] publicKey, byte[] signature) {

    public PreKey {
        Objects.requireNonNull(publicKey, "publicKey");
        publicKey = publicKey.clone();
        signature = signature == null ? null : signature.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    public String signatureBase64() {
        return signature == null ? null : Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreKey p && p.keyId == keyId && Arrays.equals(p.publicKey, publicKey)
                && Arrays.equals(p.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * keyId + Arrays.hashCode(publicKey)) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "PreKey[" + keyId + "]"; // never log key material
    }
}

package dev.chatline.client.media;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Media encryption before upload: AES-256-GCM with a fresh random key per file and a random 96-bit nonce; the
 * uploaded object is {@code nonce || ciphertext || tag}. The key and the SHA-256 of the uploaded object travel
 * inside the end-to-end encrypted message, so the server (and S3) only ever hold ciphertext, and the receiver
 * checks the download against the digest before decrypting.
 */
public final class MediaCrypto {
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The uploaded bytes, the key that decrypts them and the digest of the uploaded bytes. */
    public record Encrypted(byte[] ciphertext, byte[] key, byte[] sha256) {
    }

    private MediaCrypto() {
    }

    public static Encrypted encrypt(byte[] plaintext) {
        byte[] key = new byte[KEY_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return new Encrypted(out, key, sha256(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Checks the digest, then decrypts and authenticates. A wrong digest, a wrong key or any changed byte is a
     * {@link MediaIntegrityException}; no partial plaintext is returned.
     */
    public static byte[] decrypt(byte[] uploaded, byte[] key, byte[] expectedSha256) throws MediaIntegrityException {
        if (!MessageDigest.isEqual(sha256(uploaded), expectedSha256)) {
            throw new MediaIntegrityException("the downloaded media does not match its digest");
        }
        if (key.length != KEY_BYTES || uploaded.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new MediaIntegrityException("bad media key or truncated media");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOf(uploaded, NONCE_BYTES)));
            return cipher.doFinal(uploaded, NONCE_BYTES, uploaded.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new MediaIntegrityException("the media failed authentication (tampered or wrong key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Media that fails the digest or authentication check. */
    public static final class MediaIntegrityException extends Exception {
        public MediaIntegrityException(String message) {
            super(message);
        }
    }
}

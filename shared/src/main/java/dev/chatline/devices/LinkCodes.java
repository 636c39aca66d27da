package dev.chatline.devices;

import java.security.SecureRandom;

/**
 * Link codes: 8 characters of Crockford base32 (40 random bits) from a {@link SecureRandom}. A code only names a
 * pending request among its own user's (only the user's linked devices can look it up), so it needs to be unique,
 * not unguessable by the world; its fingerprint part, which binds the new device's identity key, never reaches the
 * server (the client appends it, docs/client.md).
 */
public final class LinkCodes {
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 8;
    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}

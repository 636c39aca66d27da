package dev.chatline.client.devices;

import dev.chatline.client.store.B64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * What a new device shows to be linked: the server's code plus a fingerprint of the device's identity key, e.g.
 * {@code 7K3QX9MA-4821-0937-5520} (to type), or the QR payload
 * {@code chatline-link:1:<userId>:<deviceId>:<code>:<identity key, base64url>} (to scan). The approving device
 * checks the key the server returns for the code against it, so a server that substitutes the key is caught: for
 * the typed form a forged key must match 40 bits of the fingerprint within the code's 10 minutes; the QR form carries
 * the whole key.
 *
 * @param code the server's lookup code
 * @param expiresAt epoch ms
 */
public record LinkCode(String code, String userId, String deviceId, IdentityKey identityKey, long expiresAt) {
    public static final String QR_PREFIX = "chatline-link:1:";

    /** The form to type: code, then the 12-digit fingerprint in groups of four. */
    public String display() {
        String fp = fingerprint(userId, deviceId, identityKey);
        return code + "-" + fp.substring(0, 4) + "-" + fp.substring(4, 8) + "-" + fp.substring(8);
    }

    public String qrPayload() {
        return QR_PREFIX + userId + ":" + deviceId + ":" + code + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(identityKey.serialize());
    }

    /** 12 decimal digits of SHA-256 over the user, device and identity key (40 bits). */
    public static String fingerprint(String userId, String deviceId, IdentityKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("chatline-link|" + userId + "|" + deviceId + "|").getBytes(StandardCharsets.UTF_8));
            byte[] h = sha.digest(key.serialize());
            long v = 0;
            for (int i = 0; i < 5; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return String.format("%012d", v % 1_000_000_000_000L);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a typed or scanned code names this device and key (the pending request the server returned). */
    public static boolean matches(String shown, String userId, String deviceId, IdentityKey key) {
        if (shown.startsWith(QR_PREFIX)) {
            return shown.equals(QR_PREFIX + userId + ":" + deviceId + ":" + serverCode(shown) + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(key.serialize()));
        }
        String digits = shown.substring(shown.indexOf('-') + 1).replace("-", "").replace(" ", "");
        return digits.equals(fingerprint(userId, deviceId, key));
    }

    /** The server's code inside a typed or scanned code. */
    public static String serverCode(String shown) {
        if (shown.startsWith(QR_PREFIX)) {
            String[] parts = shown.substring(QR_PREFIX.length()).split(":");
            return parts.length == 4 ? parts[2] : "";
        }
        int dash = shown.indexOf('-');
        return (dash < 0 ? shown : shown.substring(0, dash)).trim().toUpperCase(java.util.Locale.ROOT);
    }

    static String b64(IdentityKey key) {
        return B64.encode(key.serialize());
    }
}

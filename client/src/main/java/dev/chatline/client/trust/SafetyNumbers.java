package dev.chatline.client.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/**
 * Computes safety numbers with libsignal's {@link NumericFingerprintGenerator} (version 2, 5,200 iterations, as
 * Signal), with the user ids as stable identifiers. Every device of a chatline user has its own identity key, so a
 * user's side of the number covers all of them: with one device it is that device's identity key (the number
 * equals Signal's), with several a key derived from the SHA-256 of their sorted serialized keys. Both users compute
 * the same number when they see the same device sets; a new, removed or re-keyed device changes it.
 */
public final class SafetyNumbers {
    static final int ITERATIONS = 5200;
    static final int VERSION = 2;

    private SafetyNumbers() {
    }

    /** The 60 digits for the chat of {@code localUser} (its devices' keys) with {@code remoteUser}. */
    public static String compute(String localUser, Collection<IdentityKey> localKeys, String remoteUser,
                                 Collection<IdentityKey> remoteKeys) {
        return new NumericFingerprintGenerator(ITERATIONS).createFor(VERSION,
                localUser.getBytes(StandardCharsets.UTF_8), combined(localKeys),
                remoteUser.getBytes(StandardCharsets.UTF_8), combined(remoteKeys))
                .getDisplayableFingerprint().getDisplayText();
    }

    /** One identity key standing for a user's device keys (the key itself when there is one). */
    static IdentityKey combined(Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no identity key");
        }
        List<byte[]> sorted = keys.stream().map(IdentityKey::serialize).distinct()
                .sorted(Comparator.comparing(k -> Base64.getEncoder().encodeToString(k))).toList();
        if (sorted.size() == 1) {
            return keys.iterator().next();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("chatline-device-set".getBytes(StandardCharsets.UTF_8));
            sorted.forEach(sha::update);
            byte[] point = new byte[33];
            point[0] = 0x05; // a Curve25519 public key: any 32 bytes decode, and the fingerprint only hashes them
            System.arraycopy(sha.digest(), 0, point, 1, 32);
            return new IdentityKey(point);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Equal digit strings, compared in constant time (a scanned or typed number against the computed one). */
    public static boolean matches(String a, String b) {
        return MessageDigest.isEqual(a.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII),
                b.replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
    }
}

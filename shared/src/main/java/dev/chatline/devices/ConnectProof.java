package dev.chatline.devices;

import dev.chatline.connection.ProvenKey;
import dev.chatline.auth.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A device's proof, at {@code $connect}, that it holds the identity private key its user's signed device list names
 * for it: the query parameters {@code ts} (epoch ms), {@code key} (base64url of the device's serialized identity
 * public key) and {@code proof} (base64url of the XEdDSA signature, libsignal's {@code calculateSignature}, over the
 * UTF-8 bytes of {@code chatline-connect/1|<userId>|<deviceId>|<ts>}). The signature is checked here with the
 * claimed key; that the claimed key is the listed one is checked by the device row's conditional write
 * ({@link dev.chatline.connection.DeviceAccountStore#register(Identity, Optional)}), so the check costs no extra read.
 *
 * <p>A proof is valid for {@link #WINDOW} either side of the server's clock, and at most once: the device row keeps
 * the newest accepted {@code ts} and only a later one passes.
 */
public record ConnectProof(long ts, byte[] key, byte[] signature) {
    public static final String TS = "ts";
    public static final String KEY = "key";
    public static final String PROOF = "proof";
    public static final String CONTEXT = "chatline-connect/1";
    /** How far a proof's {@code ts} may be from the server's clock, either way. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    /** The bytes a device signs to connect as {@code identity} at {@code ts}. */
    public static byte[] message(Identity identity, long ts) {
        return (CONTEXT + "|" + identity.userId() + "|" + identity.deviceId() + "|" + ts)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The query parameters' proof; empty when any of the three is missing or malformed. */
    public static Optional<ConnectProof> fromQuery(Map<String, String> query) {
        if (query == null || query.get(TS) == null || query.get(KEY) == null || query.get(PROOF) == null) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            return Optional.of(new ConnectProof(Long.parseLong(query.get(TS)), b64.decode(query.get(KEY)),
                    b64.decode(query.get(PROOF))));
        } catch (IllegalArgumentException malformed) { // NumberFormatException included
            return Optional.empty();
        }
    }

    /** Why a proof does not prove anything, or {@code OK}. */
    public enum Check { OK, MISSING, STALE, FUTURE, BAD_SIGNATURE }

    /** Checks the time window and the signature by the claimed key (not yet that the list names this key). */
    public Check check(Identity identity, long nowMillis) {
        if (ts < nowMillis - WINDOW.toMillis()) {
            return Check.STALE;
        }
        if (ts > nowMillis + WINDOW.toMillis()) {
            return Check.FUTURE;
        }
        return XEdDsa.verify(key, message(identity, ts), signature) ? Check.OK : Check.BAD_SIGNATURE;
    }

    /** The checked proof's claim, for the conditional write; empty when the proof is missing or fails. */
    public static Optional<ProvenKey> proven(Optional<ConnectProof> proof, Identity identity, long nowMillis) {
        return proof.filter(p -> p.check(identity, nowMillis) == Check.OK).map(p -> new ProvenKey(p.key, p.ts));
    }
}

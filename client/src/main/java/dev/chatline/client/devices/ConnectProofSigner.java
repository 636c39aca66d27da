package dev.chatline.client.devices;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;

/**
 * The proof a device adds to its connect URL that it holds its identity private key (docs/protocol.md "Connecting"):
 * {@code ts} (epoch ms), {@code key} (its serialized identity public key) and {@code proof} (the XEdDSA signature of
 * {@code chatline-connect/1|<userId>|<deviceId>|<ts>}), all base64url without padding. The server requires it from a
 * device on its user's signed list, so a stolen access token alone cannot connect as that device. Valid for a minute
 * either side of the server's clock, once.
 */
public final class ConnectProofSigner {
    public static final String CONTEXT = "chatline-connect/1";

    private ConnectProofSigner() {
    }

    /** The query parameters proving {@code identity} for {@code userId}/{@code deviceId} at {@code ts}. */
    public static Map<String, String> parameters(IdentityKeyPair identity, String userId, String deviceId, long ts) {
        byte[] message = (CONTEXT + "|" + userId + "|" + deviceId + "|" + ts).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Map.of("ts", Long.toString(ts),
                "key", b64.encodeToString(identity.getPublicKey().serialize()),
                "proof", b64.encodeToString(identity.getPrivateKey().calculateSignature(message)));
    }
}

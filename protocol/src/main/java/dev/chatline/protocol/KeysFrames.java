package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The frames of end-to-end encryption keys. */
public final class KeysFrames {
    private KeysFrames() {
    }

    /** A public key with its id, and its signature when it is a signed one (base64). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicKey(long keyId, String publicKey, String signature) {
    }

    /** {@code keysUploaded}: the device's one-time keys after the upload. */
    public record KeysUploaded(int preKeys, int kyberPreKeys) implements ServerFrame {
        public static final String TYPE = "keysUploaded";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code keysCount}: the device's one-time keys left. */
    public record KeysCount(int preKeys, int kyberPreKeys) implements ServerFrame {
        public static final String TYPE = "keysCount";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code keyBundles}: one bundle per device with keys; {@code deviceList} once the user has an account. */
    public record KeyBundles(String userId, LinkFrames.SignedList deviceList, List<Bundle> devices)
            implements ServerFrame {
        public static final String TYPE = "keyBundles";

        /** {@code preKey} is absent when the device has no one-time EC key left (or hands out no more now). */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Bundle(String deviceId, int registrationId, String identityKey, PublicKey signedPreKey,
                             PublicKey preKey, PublicKey kyberPreKey) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code identityChanged}: a contact's device has a new identity key. */
    public record IdentityChanged(String userId, String deviceId, long ts) implements ServerFrame {
        public static final String TYPE = "identityChanged";

        @Override
        public String type() {
            return TYPE;
        }
    }
}

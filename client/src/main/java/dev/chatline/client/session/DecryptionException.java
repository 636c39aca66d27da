package dev.chatline.client.session;

/**
 * A message that this device cannot decrypt, with the {@link Reason}. Tampered or corrupt ciphertext fails the
 * MAC/signature check and is dropped; nothing of it is shown.
 */
public final class DecryptionException extends Exception {
    /** Why decryption failed. */
    public enum Reason {
        /** The ciphertext failed authentication (changed in transit or at rest) or is malformed. */
        INVALID_CIPHERTEXT,
        /** Already decrypted once (at-least-once delivery): safe to ignore. */
        DUPLICATE,
        /** No session, prekey or sender key for it on this device (e.g. it was reinstalled). */
        NO_SESSION,
        /** A group message whose sender key has not arrived yet: keep it and retry when it does. */
        MISSING_SENDER_KEY,
        /** A group message whose sender key was given for another group: replayed from that group, refused. */
        WRONG_GROUP,
        /** Decrypted, but not a chatline message. */
        NOT_A_MESSAGE
    }

    private final DeviceAddress sender;
    private final Reason reason;

    public DecryptionException(DeviceAddress sender, Reason reason, String message, Throwable cause) {
        super("cannot decrypt a message from " + sender + ": " + message, cause);
        this.sender = sender;
        this.reason = reason;
    }

    public DeviceAddress sender() {
        return sender;
    }

    public Reason reason() {
        return reason;
    }
}

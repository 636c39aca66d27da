package dev.chatline.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.chatline.auth.DeviceRef;

/**
 * One device's copy of an end-to-end encrypted message: the ciphertext the sender made for that device alone.
 *
 * @param userId the device's user (the recipient, or the sender for the sender's other devices)
 * @param payload the libsignal message type and the base64 ciphertext, opaque to the server
 * @param registrationId the registration id of the device the sender's session was built with, or null (checked
 *     by {@code StaleDevices}, not stored)
 */
public record Envelope(String userId, String deviceId, Payload payload, Integer registrationId) {
    public Envelope(String userId, String deviceId, Payload payload) {
        this(userId, deviceId, payload, null);
    }

    /** {@code prekey}: a PreKeySignalMessage; {@code message}: a SignalMessage. */
    public static final java.util.Set<String> TYPES = java.util.Set.of("prekey", "message");

    /** What the device receives in the {@code envelope} field of its {@code message} frame. */
    public record Payload(String type, String body) {
    }

    /** The device this envelope is for. */
    @JsonIgnore
    public DeviceRef device() {
        return new DeviceRef(userId, deviceId);
    }
}

package dev.chatline.client.session;

import dev.chatline.protocol.SendMessage;

/**
 * One device's copy of a 1:1 message: {@code type} {@code prekey} (a libsignal PreKeySignalMessage, which sets up
 * the session) or {@code message} (a SignalMessage), {@code body} the base64 ciphertext, {@code registrationId} the
 * registration id of the device the session was built with (0: unknown, not sent), which lets the server refuse
 * the envelope with {@code STALE_DEVICES} when the device has re-registered since.
 */
public record EncryptedEnvelope(DeviceAddress device, String type, String body, int registrationId) {
    public static final String PREKEY = "prekey";
    public static final String MESSAGE = "message";

    public EncryptedEnvelope(DeviceAddress device, String type, String body) {
        this(device, type, body, 0);
    }

    /** The wire form inside {@code sendMessage.envelopes}. */
    public SendMessage.Envelope toWire() {
        return new SendMessage.Envelope(device.userId(), device.deviceId(), type, body,
                registrationId > 0 ? registrationId : null);
    }
}

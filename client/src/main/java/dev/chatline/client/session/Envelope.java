package dev.chatline.client.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.client.transport.Json;

/**
 * One device's copy of a 1:1 message: {@code type} {@code prekey} (a libsignal PreKeySignalMessage, which sets up
 * the session) or {@code message} (a SignalMessage), {@code body} the base64 ciphertext.
 */
public record Envelope(DeviceAddress device, String type, String body) {
    public static final String PREKEY = "prekey";
    public static final String MESSAGE = "message";

    /** The wire form inside {@code sendMessage.envelopes}. */
    public ObjectNode toJson() {
        return Json.object().put("userId", device.userId()).put("deviceId", device.deviceId())
                .put("type", type).put("body", body);
    }
}

package dev.chatline.client.transport;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered a request with an {@code error} frame (see docs/protocol.md for the codes). */
public final class ServerErrorException extends RuntimeException {
    private final String code;
    private final transient JsonNode frame;

    public ServerErrorException(JsonNode frame) {
        super(frame.path("code").asText() + ": " + frame.path("message").asText());
        this.code = frame.path("code").asText();
        this.frame = frame;
    }

    /** The stable error code, e.g. {@code DEVICE_MISMATCH}. */
    public String code() {
        return code;
    }

    /** The whole error frame (e.g. {@code missingDevices}, {@code retryAfterMs}). */
    public JsonNode frame() {
        return frame;
    }
}

package dev.chatline.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the server refuses; becomes one {@code error} frame and leaves the connection usable. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;
    private final ObjectNode details;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, Long retryAfterMs) {
        this(code, message, retryAfterMs, null);
    }

    /** @param details further fields of the error frame (e.g. {@code missingDevices}), or null */
    public ProtocolException(ErrorCode code, String message, Long retryAfterMs, ObjectNode details) {
        super(message);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
        this.details = details == null ? null : details.deepCopy();
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * For {@link ErrorCode#RATE_LIMITED} and {@link ErrorCode#MEDIA_QUOTA_EXCEEDED}: when the client may retry; null
     * otherwise.
     */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** Further fields of the error frame, or null. */
    public ObjectNode details() {
        return details == null ? null : details.deepCopy();
    }
}

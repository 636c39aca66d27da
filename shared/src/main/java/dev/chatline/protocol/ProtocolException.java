package dev.chatline.protocol;

/** A request the server refuses; becomes one {@code error} frame and leaves the connection usable. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, Long retryAfterMs) {
        super(message);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    /** For {@link ErrorCode#RATE_LIMITED}: when the client may retry; null otherwise. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}

package dev.chatline.client.transport;

import dev.chatline.protocol.ServerFrame;
import dev.chatline.protocol.ServerFrame.DeviceRef;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The server answered a request with an {@code error} frame (see docs/protocol.md for the codes), or API Gateway
 * answered with its own error ({@value ChatSocket#GATEWAY_ERROR}, without an error frame).
 */
public final class ServerErrorException extends RuntimeException {
    private final String code;
    private final transient ServerFrame.Error frame;

    /** The code of an error this client version does not know (a newer server's): handled as a plain failure. */
    public static final String UNKNOWN_CODE = "UNKNOWN";

    public ServerErrorException(ServerFrame.Error frame) {
        this(frame, frame.code() == null ? UNKNOWN_CODE : frame.code().name());
    }

    private ServerErrorException(ServerFrame.Error frame, String code) {
        super(code + ": " + frame.message());
        this.code = code;
        this.frame = frame;
    }

    private ServerErrorException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
        this.frame = null;
    }

    /** API Gateway's own answer ({@code Internal server error}, {@code Too Many Requests}...). */
    static ServerErrorException gateway(String message) {
        return new ServerErrorException(ChatSocket.GATEWAY_ERROR, message);
    }

    /**
     * The stable error code, e.g. {@code DEVICE_MISMATCH}; {@value ChatSocket#GATEWAY_ERROR} for API Gateway's own
     * errors; {@value #UNKNOWN_CODE} for a code this client does not know.
     */
    public String code() {
        return code;
    }

    /** The whole error frame; empty for an API Gateway error. */
    public Optional<ServerFrame.Error> frame() {
        return Optional.ofNullable(frame);
    }

    /** How long to wait before trying again, when the server said (RATE_LIMITED, GROUP_BUSY...). */
    public OptionalLong retryAfterMs() {
        return frame == null || frame.retryAfterMs() == null ? OptionalLong.empty()
                : OptionalLong.of(frame.retryAfterMs());
    }

    /** One of the frame's device lists ({@code missingDevices}, {@code extraDevices}, {@code staleDevices}), or empty. */
    public List<DeviceRef> devices(Function<ServerFrame.Error, List<DeviceRef>> list) {
        return frame == null || list.apply(frame) == null ? List.of() : list.apply(frame);
    }
}

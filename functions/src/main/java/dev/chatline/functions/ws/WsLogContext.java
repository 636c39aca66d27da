package dev.chatline.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

/**
 * Puts the correlation fields of a WebSocket event into the logging context (awsRequestId, connectionId, userId,
 * deviceId; every JSON log line carries them) for the duration of one invocation:
 * {@code try (WsLogContext log = WsLogContext.bind(request, context)) { ... }}.
 */
public final class WsLogContext implements AutoCloseable {

    private WsLogContext() {
    }

    public static WsLogContext bind(WsRequest request, Context context) {
        MDC.put("awsRequestId", context == null ? request.awsRequestId() : context.getAwsRequestId());
        MDC.put("connectionId", request.connectionId());
        MDC.put("userId", request.identity().userId());
        MDC.put("deviceId", request.identity().deviceId());
        return new WsLogContext();
    }

    /** Adds the client's correlation id once the frame is parsed. */
    public void requestId(String requestId) {
        if (requestId != null) {
            MDC.put("requestId", requestId);
        }
    }

    @Override
    public void close() {
        MDC.clear();
    }
}

package dev.chatline.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every two-way route handler (a route with a route response): parses the frame, calls
 * {@link #handle}, and returns its reply frame as the response body, which API Gateway sends back to the caller.
 * A refused request becomes one {@code error} frame (logged at INFO); an unexpected failure becomes an
 * {@code INTERNAL_ERROR} frame (logged at ERROR). Either way the connection stays usable.
 */
public abstract class RouteHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);

    /** Starts the process's telemetry in the init phase (so a SnapStart snapshot holds it), not in the first call. */
    protected RouteHandler() {
        Telemetry.process();
    }

    /**
     * Handles one frame.
     *
     * @return the reply frame (JSON), or null to send no reply
     */
    protected abstract String handle(WsRequest request, ClientFrame frame);

    @Override
    public final APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return Telemetry.process().around(context, () -> {
            WsRequest request = WsRequest.from(event);
            try (WsLogContext log = WsLogContext.bind(request, context)) {
                return reply(process(request, event.getRequestContext().getRouteKey(), log));
            }
        });
    }

    /** The reply frame: the handler's, or the error frame for a refused or failed request. */
    private String process(WsRequest request, String routeKey, WsLogContext log) {
        String requestId = null;
        String clientMsgId = null;
        try {
            ClientFrame frame = ClientFrame.parse(request.body());
            requestId = frame.requestId().orElse(null);
            clientMsgId = frame.rawClientMsgId().orElse(null);
            log.requestId(requestId);
            return handle(request, frame);
        } catch (ProtocolException e) {
            LOG.info("refused {}: {} {}", routeKey, e.code(), e.getMessage());
            return ErrorFrame.of(e, requestId, clientMsgId);
        } catch (RuntimeException e) {
            LOG.error("failed {}", routeKey, e);
            return ErrorFrame.of(ErrorCode.INTERNAL_ERROR, "internal error, please retry", requestId, clientMsgId,
                    null);
        }
    }

    private static APIGatewayV2WebSocketResponse reply(String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(body);
        return response;
    }
}

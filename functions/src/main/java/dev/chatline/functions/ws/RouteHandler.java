package dev.chatline.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every two-way route handler (a route with a route response): parses the frame, takes the caller's permit
 * for the route ({@link RouteGuard}: before the handler reads or writes anything), decodes the frame into its action's
 * record through the protocol's one binding ({@link ProtocolJson}), calls {@link #handle}, and returns its reply
 * frame, with the request's {@code requestId} echoed, as the response body, which API Gateway sends back to the caller.
 * Only this layer echoes {@code requestId} and serializes.
 * A refused request becomes one {@code error} frame (logged at INFO); an unexpected failure becomes an
 * {@code INTERNAL_ERROR} frame (logged at ERROR) and counts {@code InternalErrors}: the invocation itself succeeds
 * (so the client gets the frame with its {@code requestId}, not API Gateway's bare "Internal server error"), and that
 * metric is what the per-function alarm watches, since Lambda's Errors metric never sees these failures. Either
 * way the connection stays usable.
 */
public abstract class RouteHandler<M extends ClientMessage>
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);

    private final Class<M> action;
    private final Telemetry telemetry;
    private final RouteGuard guard;

    /**
     * With this process's telemetry (what Lambda runs).
     *
     * @param action the route's record: the frame is read as that action; {@code ClientMessage.class} for a handler
     *               of several routes, which gets whichever record the frame's {@code action} names
     */
    protected RouteHandler(Class<M> action, RouteGuard guard) {
        this(action, Telemetry.process(), guard);
    }

    protected RouteHandler(Class<M> action, Telemetry telemetry, RouteGuard guard) {
        this.action = action;
        this.telemetry = telemetry;
        this.guard = guard;
    }

    /**
     * Handles one decoded, valid request.
     *
     * @param requestId the frame's {@code requestId}, or null; the reply echoes it without the handler's help (a
     *                  route may use it to decide whether to reply at all: a receipt without one is one-way)
     * @return the reply, or null to send none
     */
    protected abstract ServerFrame handle(WsRequest request, M message, String requestId);

    @Override
    public final APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return telemetry.around(context, () -> {
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
            guard.admit(routeKey, request.identity());
            ServerFrame reply = handle(request, decode(frame), requestId);
            return reply == null ? null : ProtocolJson.encode(reply, requestId);
        } catch (ProtocolException e) {
            LOG.info("refused {}: {} {}", routeKey, e.code(), e.getMessage());
            return ErrorFrame.of(e, requestId, clientMsgId);
        } catch (RuntimeException e) {
            LOG.error("failed {}", routeKey, e);
            telemetry.metrics().count(Metrics.INTERNAL_ERRORS);
            return ErrorFrame.of(ErrorCode.INTERNAL_ERROR, "internal error, please retry", requestId, clientMsgId,
                    null);
        }
    }

    private M decode(ClientFrame frame) {
        return action == ClientMessage.class ? action.cast(ProtocolJson.decode(frame).message())
                : ProtocolJson.read(frame, action);
    }

    private static APIGatewayV2WebSocketResponse reply(String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(body);
        return response;
    }
}

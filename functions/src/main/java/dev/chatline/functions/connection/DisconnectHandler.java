package dev.chatline.functions.connection;

import dev.chatline.functions.wiring.FunctionGraphs;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.connection.ConnectionService;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.observability.Metrics;
import dev.chatline.functions.ws.WsLogContext;
import dev.chatline.functions.ws.WsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $disconnect} (best effort: API Gateway may never send it): deletes the connection row, refreshes
 * lastActiveAt and, when the user's last connection closed and it has subscribers, queues one presence change (told
 * by the fan-out function). Presence subscriptions belong to users, not connections: nothing to delete here.
 * Failures are logged, never retried: the rows expire anyway.
 */
public final class DisconnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectHandler.class);

    private final ConnectionService connections;

    public DisconnectHandler() {
        this(FunctionGraphs.connections().connectionService());
    }

    public DisconnectHandler(ConnectionService connections) {
        this.connections = connections;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return Telemetry.process().around(context, () -> disconnect(event, context));
    }

    private APIGatewayV2WebSocketResponse disconnect(APIGatewayV2WebSocketEvent event, Context context) {
        WsRequest request = WsRequest.from(event);
        try (WsLogContext log = WsLogContext.bind(request, context)) {
            try {
                connections.disconnect(request.connectionId(), request.identity());
                LOG.info("disconnected");
            } catch (RuntimeException e) {
                LOG.warn("disconnect cleanup failed; the rows will expire", e);
                Telemetry.process().metrics().count(Metrics.INTERNAL_ERRORS);
            }
        }
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        return response;
    }
}

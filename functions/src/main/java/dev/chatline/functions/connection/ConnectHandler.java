package dev.chatline.functions.connection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.auth.Handshake;
import dev.chatline.connection.ConnectionService;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.ws.WsLogContext;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteGuard;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $connect} (after the authorizer allowed the handshake): writes the connection and device rows, refreshes
 * presence and, when the user comes online and has subscribers, queues one presence change (the fan-out function
 * tells the subscribers: this invocation's work never depends on their number). Selects the {@code chatline.v1} subprotocol
 * when the client offered it (browsers drop a connection whose handshake answer lacks it). Nothing can be posted
 * to the connecting client yet; it fetches what it missed with {@code sync}. A failure answers 500, which fails the
 * handshake, and the client reconnects. A user past the {@code $connect} limit gets 429 before anything is written
 * (each connect writes rows and may tell the user's presence subscribers).
 */
public final class ConnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    private static final String ROUTE_KEY = "$connect";

    /** The handshake answer when the user connects too often (the {@code $connect} limit of {@link RouteGuard}). */
    public static final int TOO_MANY_REQUESTS = 429;

    private final ConnectionService connections;
    private final RouteGuard guard;

    public ConnectHandler() {
        this(ConnectionServices.fromEnvironment());
    }

    private ConnectHandler(ConnectionServices services) {
        this(services.connectionService(), services.routeGuard());
    }

    /** @param guard takes the user's {@code $connect} permit before anything is written */
    public ConnectHandler(ConnectionService connections, RouteGuard guard) {
        this.connections = connections;
        this.guard = guard;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return Telemetry.process().around(context, () -> connect(event, context));
    }

    private APIGatewayV2WebSocketResponse connect(APIGatewayV2WebSocketEvent event, Context context) {
        WsRequest request = WsRequest.from(event);
        try (WsLogContext log = WsLogContext.bind(request, context)) {
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            try {
                guard.admit(ROUTE_KEY, request.identity());
            } catch (ProtocolException limited) {
                LOG.info("refused connect: {}", limited.getMessage());
                response.setStatusCode(TOO_MANY_REQUESTS);
                return response;
            }
            connections.connect(request.connectionId(), request.identity(), request.connectedAt());
            LOG.info("connected");
            response.setStatusCode(200);
            if (Handshake.offersSubprotocol(event.getHeaders())) {
                response.setHeaders(Map.of(Handshake.SUBPROTOCOL_HEADER, Handshake.SUBPROTOCOL));
            }
            return response;
        }
    }
}

package dev.chatline.functions.connection;

import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.chatline.auth.Handshake;
import dev.chatline.cells.CellAdmission;
import dev.chatline.connection.ConnectionService;
import dev.chatline.devices.ConnectProof;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.observability.Metrics;
import dev.chatline.functions.ws.WsLogContext;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteGuard;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $connect} (after the authorizer allowed the handshake): writes the connection and device rows, refreshes
 * presence and, when the user comes online and has subscribers, queues one presence change (the fan-out function
 * tells the subscribers: this invocation's work never depends on their number). Selects the {@code chatline.v1} subprotocol
 * when the client offered it (browsers drop a connection whose handshake answer lacks it). Nothing can be posted
 * to the connecting client yet; it fetches what it missed with {@code sync}. A failure answers 500, which fails the
 * handshake, and the client reconnects. A user past the {@code $connect} limit gets 429 before anything is written
 * (each connect writes rows and may tell the user's presence subscribers). A device on its user's signed device
 * list must prove it holds the identity key the list names ({@link ConnectProof}: query parameters {@code ts},
 * {@code key}, {@code proof}); without a valid, unused proof the handshake gets 403 and nothing is written, so a
 * stolen token cannot connect as a linked device. Unlinked devices and users without an account need no proof.
 * In a cell deployment a user's first connect signs the user up in this cell, a user homed in another cell is
 * refused with {@value #WRONG_CELL} before anything is written, and a new device is published to the directory.
 */
public final class ConnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    private static final String ROUTE_KEY = "$connect";

    /** The handshake answer when the user connects too often (the {@code $connect} limit of {@link RouteGuard}). */
    public static final int TOO_MANY_REQUESTS = 429;

    /** The handshake answer when a linked device brings no valid proof of its identity key. */
    public static final int FORBIDDEN = 403;

    /**
     * The handshake answer in a cell deployment when the user's home is another cell (421 Misdirected Request):
     * the client reconnects to its own cell (docs/client.md, "Cells").
     */
    public static final int WRONG_CELL = 421;

    private final ConnectionService connections;
    private final CellAdmission cells;
    private final RouteGuard guard;
    private final Metrics metrics;
    private final Clock clock;

    public ConnectHandler() {
        this(FunctionGraphs.connections());
    }

    private ConnectHandler(ConnectionGraph services) {
        this(services.connectionService(), services.cellAdmission(), services.routeGuard(), services.metrics(),
                Clock.systemUTC());
    }

    /**
     * @param guard   takes the user's {@code $connect} permit before anything is written (so refused proofs count
     *                against the user's connect limit too)
     * @param metrics counts {@value Metrics#CONNECT_PROOF_REFUSED}
     * @param clock   the proof window's "now"
     * @param cells   signs a new user up in this cell and refuses a user homed in another (single cell: admits)
     */
    public ConnectHandler(ConnectionService connections, CellAdmission cells, RouteGuard guard, Metrics metrics,
                          Clock clock) {
        this.connections = connections;
        this.cells = cells;
        this.guard = guard;
        this.metrics = metrics;
        this.clock = clock;
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
            CellAdmission.Admission admission = cells.admit(request.identity());
            if (admission.wrongCell().isPresent()) {
                LOG.info("refused connect: the user lives in cell {}", admission.wrongCell().get());
                response.setStatusCode(WRONG_CELL);
                return response;
            }
            Optional<ConnectProof> proof = ConnectProof.fromQuery(event.getQueryStringParameters());
            long now = clock.millis();
            if (connections.connect(request.connectionId(), request.identity(), request.connectedAt(),
                    ConnectProof.proven(proof, request.identity(), now)).isEmpty()) {
                LOG.warn("refused connect: the device is on its user's signed list and its proof is {}",
                        refusal(proof, request, now));
                metrics.count(Metrics.CONNECT_PROOF_REFUSED);
                response.setStatusCode(FORBIDDEN);
                return response;
            }
            cells.connected(request.identity(), admission);
            LOG.info("connected");
            response.setStatusCode(200);
            if (Handshake.offersSubprotocol(event.getHeaders())) {
                response.setHeaders(Map.of(Handshake.SUBPROTOCOL_HEADER, Handshake.SUBPROTOCOL));
            }
            return response;
        }
    }

    /** Why a listed device's proof did not pass: the check's verdict, or the conditional write's when it was OK. */
    private static String refusal(Optional<ConnectProof> proof, WsRequest request, long now) {
        ConnectProof.Check check = proof.map(p -> p.check(request.identity(), now)).orElse(ConnectProof.Check.MISSING);
        return check == ConnectProof.Check.OK ? "NOT_LISTED_KEY_OR_USED" : check.name();
    }
}

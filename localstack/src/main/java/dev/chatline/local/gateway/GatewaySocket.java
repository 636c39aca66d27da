package dev.chatline.local.gateway;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one accepted connection. Text messages go, in order, to the {@link MessageRouter}; a binary
 * frame closes the connection with 1003 (API Gateway does not accept binary frames); after the socket closed, for
 * whatever reason, {@code $disconnect} runs (best effort) with the close code and reason. Public only because
 * Jetty calls the listener methods through method handles.
 */
public final class GatewaySocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(GatewaySocket.class);
    static final String NO_STATUS_REASON = "Client-side close frame status not set";

    private final Connection connection;
    private final GatewayRuntime runtime;
    private final MessageRouter router;

    GatewaySocket(Connection connection, GatewayRuntime runtime) {
        this.connection = connection;
        this.runtime = runtime;
        this.router = new MessageRouter(runtime);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.open(session);
        ConnectionTimers.start(connection, runtime);
        LOG.info("connected {} from {}", connection.id(), connection.handshake().sourceIp());
        runtime.notifyConnect(connection);
    }

    @Override
    public void onWebSocketText(String message) {
        connection.touch();
        connection.serial().execute(() -> router.route(connection, message));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        connection.close(1003, "Binary frames are not supported");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection {} error: {}", connection.id(), cause.toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        connection.markClosed();
        runtime.registry.remove(connection.id());
        String disconnectReason = statusCode == 1005 ? NO_STATUS_REASON : reason == null ? "" : reason;
        LOG.info("disconnected {} {} {}", connection.id(), statusCode, disconnectReason);
        runtime.notifyDisconnect(connection, statusCode, disconnectReason);
        runtime.routes.route(RouteTable.DISCONNECT).ifPresent(target -> connection.serial().execute(() -> {
            try {
                runtime.invoker.invoke(target.functionName(), runtime.events.disconnect(connection, statusCode,
                        disconnectReason, AwsIds.requestId(), Instant.now()));
            } catch (RuntimeException e) {
                LOG.warn("$disconnect {} failed for {}: {}", target.functionName(), connection.id(), e.toString());
            }
        }));
    }
}

package dev.chatline.functions.connection;

import dev.chatline.connection.ConnectionFrames;
import dev.chatline.connection.ConnectionService;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientFrame;

/**
 * {@code heartbeat} (clients send it every 60 s): keeps the connection live for another connection TTL and
 * refreshes the user's lastActiveAt; answers {@code {"type":"ack","action":"heartbeat","serverTs"}}.
 */
public final class HeartbeatHandler extends RouteHandler {
    private final ConnectionService connections;

    public HeartbeatHandler() {
        this(ConnectionServices.fromEnvironment().connectionService());
    }

    public HeartbeatHandler(ConnectionService connections) {
        this.connections = connections;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        long serverTs = connections.heartbeat(request.connectionId(), request.identity(), request.connectedAt());
        return ConnectionFrames.heartbeatAck(frame.requestId().orElse(null), serverTs);
    }
}

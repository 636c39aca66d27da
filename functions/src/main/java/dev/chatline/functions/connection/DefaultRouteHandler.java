package dev.chatline.functions.connection;

import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * {@code $default}: API Gateway routes here every frame whose {@code action} matches no route (and every frame
 * that is not JSON). Always answers one {@code error} frame: {@code INVALID_JSON} (from the base class),
 * {@code MISSING_FIELD} / {@code INVALID_FIELD} for the {@code action} field, or {@code UNKNOWN_ACTION}.
 */
public final class DefaultRouteHandler extends RouteHandler<ClientMessage> {

    /** No limit of its own: it reads and writes nothing (its API Gateway route throttle bounds it). */
    public DefaultRouteHandler() {
        super(ClientMessage.class, RouteGuard.NONE);
        SnapStartPriming.register("default", SnapStartPriming.FRAMES);
    }

    /**
     * Only reached by a frame the binding could decode, i.e. one naming a known action that API Gateway still routed
     * here: answered as unknown all the same (this route handles no action).
     */
    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
        throw ProtocolJson.unknownAction(message.action());
    }
}

package dev.chatline.functions.connection;

import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteGuard;

/**
 * {@code $default}: API Gateway routes here every frame whose {@code action} matches no route (and every frame
 * that is not JSON). Always answers one {@code error} frame: {@code INVALID_JSON} (from the base class),
 * {@code MISSING_FIELD} / {@code INVALID_FIELD} for the {@code action} field, or {@code UNKNOWN_ACTION}.
 */
public final class DefaultRouteHandler extends RouteHandler {
    private static final int MAX_ECHOED_ACTION = 64;

    /** No limit of its own: it reads and writes nothing (its API Gateway route throttle bounds it). */
    public DefaultRouteHandler() {
        super(RouteGuard.NONE);
        SnapStartPriming.register("default", SnapStartPriming.FRAMES);
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        if (!frame.has("action")) {
            throw ClientFrame.missing("action");
        }
        String action = frame.action().orElseThrow(() -> ClientFrame.invalid("action", "must be a string"));
        String echoed = action.length() > MAX_ECHOED_ACTION ? action.substring(0, MAX_ECHOED_ACTION) + "…" : action;
        throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + echoed + "'");
    }
}

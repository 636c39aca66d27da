package dev.chatline.functions.messaging;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.messaging.SyncService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Route {@code sync}: posts the device's pending messages and receipt events to its own connection, then replies
 * {@code syncComplete} with the cursor to continue from.
 */
public final class SyncHandler extends RouteHandler {
    private final SyncService service;

    public SyncHandler() {
        this(FunctionGraphs.messaging());
    }

    private SyncHandler(MessagingGraph wiring) {
        this(wiring.syncService(), wiring.routeGuard());
    }

    public SyncHandler(SyncService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return service.sync(request.identity(), request.connectionId(), frame.optString("cursor"))
                .toFrame(frame.requestId().orElse(null));
    }
}

package dev.chatline.functions.messaging;

import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.inbox.SyncService;
import dev.chatline.protocol.ClientMessage.Sync;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.MessagingGraph;
import java.util.Optional;

/**
 * Route {@code sync}: posts the device's pending messages and receipt events to its own connection, then replies
 * {@code syncComplete} with the cursor to continue from.
 */
public final class SyncHandler extends RouteHandler<Sync> {
    private final SyncService service;

    public SyncHandler() {
        this(FunctionGraphs.messaging());
    }

    private SyncHandler(MessagingGraph wiring) {
        this(wiring.syncService(), wiring.routeGuard());
    }

    public SyncHandler(SyncService service, RouteGuard guard) {
        super(Sync.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, Sync message, String requestId) {
        return service.sync(request.identity(), request.connectionId(),
                Optional.ofNullable(message.cursor())).toFrame();
    }
}

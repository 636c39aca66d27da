package dev.chatline.functions.keys;

import dev.chatline.wiring.KeysGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Route {@code keysFetch} ({@code userId}, optional {@code deviceId}): one prekey bundle per device of that user,
 * each consuming one one-time EC and one one-time Kyber prekey; rate limited per requester and per target.
 */
public final class KeysFetchHandler extends RouteHandler {
    private final KeysService keys;

    public KeysFetchHandler() {
        this(FunctionGraphs.keys());
    }

    private KeysFetchHandler(KeysGraph wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysFetchHandler(KeysService keys, RouteGuard guard) {
        super(guard);
        this.keys = keys;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        String userId = frame.id("userId");
        return KeyFrames.bundles(frame.requestId().orElse(null), userId,
                keys.fetch(request.identity(), userId, frame.optId("deviceId")));
    }
}

package dev.chatline.functions.keys;

import dev.chatline.wiring.KeysGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;

/** Route {@code keysCount}: how many one-time EC and Kyber prekeys the caller device has left, to replenish them. */
public final class KeysCountHandler extends RouteHandler {
    private final KeysService keys;

    public KeysCountHandler() {
        this(FunctionGraphs.keys());
    }

    private KeysCountHandler(KeysGraph wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysCountHandler(KeysService keys, RouteGuard guard) {
        super(guard);
        this.keys = keys;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return KeyFrames.counts("keysCount", frame.requestId().orElse(null), keys.count(request.identity()));
    }
}

package dev.chatline.functions.keys;

import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.ClientMessage.KeysCount;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/** Route {@code keysCount}: how many one-time EC and Kyber prekeys the caller device has left, to replenish them. */
public final class KeysCountHandler extends RouteHandler<KeysCount> {
    private final KeysService keys;

    public KeysCountHandler() {
        this(KeysWiring.fromEnvironment());
    }

    private KeysCountHandler(KeysWiring wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysCountHandler(KeysService keys, RouteGuard guard) {
        super(KeysCount.class, guard);
        this.keys = keys;
    }

    @Override
    protected ServerFrame handle(WsRequest request, KeysCount message, String requestId) {
        return KeyFrames.count(keys.count(request.identity()));
    }
}

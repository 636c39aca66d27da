package dev.chatline.functions.keys;

import dev.chatline.wiring.KeysGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.ClientMessage.KeysFetch;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.Optional;

/**
 * Route {@code keysFetch} ({@code userId}, optional {@code deviceId}): one prekey bundle per device of that user,
 * each consuming one one-time EC and one one-time Kyber prekey; rate limited per requester and per target. A user
 * of another cell's bundles are handed out by that cell (through its {@code cellCall}).
 */
public final class KeysFetchHandler extends RouteHandler<KeysFetch> {
    private final KeysService keys;

    public KeysFetchHandler() {
        this(FunctionGraphs.keys());
    }

    private KeysFetchHandler(KeysGraph wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysFetchHandler(KeysService keys, RouteGuard guard) {
        super(KeysFetch.class, guard);
        this.keys = keys;
    }

    @Override
    protected ServerFrame handle(WsRequest request, KeysFetch message, String requestId) {
        return keys.keyBundles(request.identity(), message.userId(), Optional.ofNullable(message.deviceId()));
    }
}

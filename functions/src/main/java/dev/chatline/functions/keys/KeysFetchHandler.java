package dev.chatline.functions.keys;

import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.ClientMessage.KeysFetch;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Route {@code keysFetch} ({@code userId}, optional {@code deviceId}): one prekey bundle per device of that user,
 * each consuming one one-time EC and one one-time Kyber prekey; rate limited per requester and per target.
 */
public final class KeysFetchHandler extends RouteHandler<KeysFetch> {
    private final KeysService keys;

    public KeysFetchHandler() {
        this(KeysWiring.fromEnvironment());
    }

    private KeysFetchHandler(KeysWiring wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysFetchHandler(KeysService keys, RouteGuard guard) {
        super(KeysFetch.class, guard);
        this.keys = keys;
    }

    @Override
    protected ServerFrame handle(WsRequest request, KeysFetch message, String requestId) {
        return KeyFrames.bundles(message.userId(), keys.fetch(request.identity(), message.userId(),
                java.util.Optional.ofNullable(message.deviceId())));
    }
}

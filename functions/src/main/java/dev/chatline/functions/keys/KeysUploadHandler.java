package dev.chatline.functions.keys;

import dev.chatline.wiring.KeysGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Route {@code keysUpload}: stores the caller device's public keys (identity, signed prekey, last-resort Kyber key,
 * one-time EC and Kyber prekeys) and replies {@code keysUploaded} with the one-time keys it has now.
 */
public final class KeysUploadHandler extends RouteHandler<KeysUpload> {
    private final KeysService keys;

    public KeysUploadHandler() {
        this(FunctionGraphs.keys());
    }

    private KeysUploadHandler(KeysGraph wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysUploadHandler(KeysService keys, RouteGuard guard) {
        super(KeysUpload.class, guard);
        this.keys = keys;
    }

    @Override
    protected ServerFrame handle(WsRequest request, KeysUpload message, String requestId) {
        return KeyFrames.uploaded(keys.upload(request.identity(), message));
    }
}

package dev.chatline.functions.keys;

import dev.chatline.wiring.KeysGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.keys.KeysUploadRequest;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Route {@code keysUpload}: stores the caller device's public keys (identity, signed prekey, last-resort Kyber key,
 * one-time EC and Kyber prekeys) and replies {@code keysUploaded} with the one-time keys it has now.
 */
public final class KeysUploadHandler extends RouteHandler {
    private final KeysService keys;

    public KeysUploadHandler() {
        this(FunctionGraphs.keys());
    }

    private KeysUploadHandler(KeysGraph wiring) {
        this(wiring.keysService(), wiring.routeGuard());
    }

    public KeysUploadHandler(KeysService keys, RouteGuard guard) {
        super(guard);
        this.keys = keys;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return KeyFrames.counts("keysUploaded", frame.requestId().orElse(null),
                keys.upload(request.identity(), KeysUploadRequest.parse(frame)));
    }
}

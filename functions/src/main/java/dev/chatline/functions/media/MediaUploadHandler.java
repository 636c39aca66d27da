package dev.chatline.functions.media;

import dev.chatline.functions.wiring.MediaGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.media.MediaService;
import dev.chatline.protocol.ClientMessage.MediaUpload;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.MediaGraph;

/** Route {@code mediaUpload}: reserves a media id and answers a presigned PUT bound to type, size and checksum. */
public final class MediaUploadHandler extends RouteHandler<MediaUpload> {
    private final MediaService service;

    public MediaUploadHandler() {
        this(MediaGraphs.media());
    }

    private MediaUploadHandler(MediaGraph graph) {
        this(graph.mediaService(), graph.routeGuard());
    }

    public MediaUploadHandler(MediaService service, RouteGuard guard) {
        super(MediaUpload.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, MediaUpload message, String requestId) {
        return service.upload(request.identity(), message);
    }
}

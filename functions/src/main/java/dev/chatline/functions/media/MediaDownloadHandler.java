package dev.chatline.functions.media;

import dev.chatline.functions.wiring.MediaGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.media.MediaService;
import dev.chatline.protocol.ClientMessage.MediaDownload;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.MediaGraph;

/** Route {@code mediaDownload}: a short-lived download URL, for members of a chat the media was sent in. */
public final class MediaDownloadHandler extends RouteHandler<MediaDownload> {
    private final MediaService service;

    public MediaDownloadHandler() {
        this(MediaGraphs.media());
    }

    private MediaDownloadHandler(MediaGraph graph) {
        this(graph.mediaService(), graph.routeGuard());
    }

    public MediaDownloadHandler(MediaService service, RouteGuard guard) {
        super(MediaDownload.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, MediaDownload message, String requestId) {
        return service.download(request.identity(), message.mediaId());
    }
}

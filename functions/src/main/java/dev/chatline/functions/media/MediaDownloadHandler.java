package dev.chatline.functions.media;

import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.media.MediaService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.MediaGraph;

/** Route {@code mediaDownload}: a short-lived download URL, for members of a chat the media was sent in. */
public final class MediaDownloadHandler extends RouteHandler {
    private final MediaService service;

    public MediaDownloadHandler() {
        this(FunctionGraphs.media());
    }

    private MediaDownloadHandler(MediaGraph graph) {
        this(graph.mediaService(), graph.routeGuard());
    }

    public MediaDownloadHandler(MediaService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return service.download(request.identity(), frame.id("mediaId"), frame.requestId().orElse(null));
    }
}

package dev.chatline.functions.messaging;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.messaging.HistoryService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.OptionalLong;

/** Route {@code history}: a page of a chat's messages, newest first, for members of the chat. */
public final class HistoryHandler extends RouteHandler {
    private final HistoryService service;

    public HistoryHandler() {
        this(FunctionGraphs.messaging());
    }

    private HistoryHandler(MessagingGraph wiring) {
        this(wiring.historyService(), wiring.routeGuard());
    }

    public HistoryHandler(HistoryService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        String chatId = frame.string("chatId");
        OptionalLong beforeSeq = frame.optLong("beforeSeq", 1, Long.MAX_VALUE)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        int limit = frame.optLong("limit", 1, HistoryService.MAX_LIMIT).orElse((long) HistoryService.DEFAULT_LIMIT)
                .intValue();
        return service.history(request.identity(), chatId, beforeSeq, limit, frame.requestId().orElse(null));
    }
}

package dev.chatline.functions.messaging;

import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.history.HistoryService;
import dev.chatline.protocol.ClientMessage.History;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.wiring.MessagingGraph;
import java.util.OptionalLong;

/** Route {@code history}: a page of a chat's messages, newest first, for members of the chat. */
public final class HistoryHandler extends RouteHandler<History> {
    private final HistoryService service;

    public HistoryHandler() {
        this(FunctionGraphs.messaging());
    }

    private HistoryHandler(MessagingGraph wiring) {
        this(wiring.historyService(), wiring.routeGuard());
    }

    public HistoryHandler(HistoryService service, RouteGuard guard) {
        super(History.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, History message, String requestId) {
        OptionalLong beforeSeq = message.beforeSeq() == null ? OptionalLong.empty()
                : OptionalLong.of(message.beforeSeq());
        return service.history(request.identity(), message.chatId(), beforeSeq, message.limitOrDefault());
    }
}

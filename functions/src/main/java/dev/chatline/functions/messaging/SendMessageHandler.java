package dev.chatline.functions.messaging;

import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.send.SendService;
import dev.chatline.wiring.MessagingGraph;

/** Route {@code sendMessage}: stores the message and replies with the {@code ack} (✓ sent). */
public final class SendMessageHandler extends RouteHandler<SendMessage> {
    private final SendService service;

    public SendMessageHandler() {
        this(FunctionGraphs.messaging());
    }

    private SendMessageHandler(MessagingGraph wiring) {
        this(wiring.sendService(), wiring.routeGuard());
    }

    /** @param guard passes sendMessage through: its limit is taken inside the service's first round */
    public SendMessageHandler(SendService service, RouteGuard guard) {
        super(SendMessage.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, SendMessage message, String requestId) {
        return service.send(request.identity(), request.connectionId(), message);
    }
}

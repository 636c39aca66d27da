package dev.chatline.functions.messaging;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.messaging.SendMessageRequest;
import dev.chatline.messaging.SendService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;

/** Route {@code sendMessage}: stores the message and replies with the {@code ack} (✓ sent). */
public final class SendMessageHandler extends RouteHandler {
    private final SendService service;

    public SendMessageHandler() {
        this(FunctionGraphs.messaging());
    }

    private SendMessageHandler(MessagingGraph wiring) {
        this(wiring.sendService(), wiring.routeGuard());
    }

    /** @param guard passes sendMessage through: its limit is taken inside the service's first round */
    public SendMessageHandler(SendService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return service.send(request.identity(), request.connectionId(), SendMessageRequest.parse(frame),
                frame.requestId().orElse(null));
    }
}

package dev.chatline.functions.receipts;

import dev.chatline.functions.messaging.MessagingWiring;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientMessage.ReceiptInfo;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.receipts.ReceiptInfoService;

/** Route {@code receiptInfo}: the sender of a message gets each recipient's status and times. */
public final class ReceiptInfoHandler extends RouteHandler<ReceiptInfo> {
    private final ReceiptInfoService service;

    public ReceiptInfoHandler() {
        this(MessagingWiring.fromEnvironment());
    }

    private ReceiptInfoHandler(MessagingWiring wiring) {
        this(wiring.receiptInfoService(), wiring.routeGuard());
    }

    public ReceiptInfoHandler(ReceiptInfoService service, RouteGuard guard) {
        super(ReceiptInfo.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ReceiptInfo message, String requestId) {
        return service.info(request.identity(), message);
    }
}

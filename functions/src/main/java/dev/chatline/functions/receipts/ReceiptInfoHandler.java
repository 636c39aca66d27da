package dev.chatline.functions.receipts;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.receipts.ReceiptInfoService;

/** Route {@code receiptInfo}: the sender of a message gets each recipient's status and times. */
public final class ReceiptInfoHandler extends RouteHandler {
    private final ReceiptInfoService service;

    public ReceiptInfoHandler() {
        this(FunctionGraphs.messaging());
    }

    private ReceiptInfoHandler(MessagingGraph wiring) {
        this(wiring.receiptInfoService(), wiring.routeGuard());
    }

    public ReceiptInfoHandler(ReceiptInfoService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        return service.info(request.identity(), frame);
    }
}

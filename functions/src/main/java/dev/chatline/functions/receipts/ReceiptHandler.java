package dev.chatline.functions.receipts;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.receipts.ReceiptService;

/**
 * Route {@code receipt}: a recipient acknowledges messages as delivered or read. One-way by default: the
 * {@code ack} reply (one more API Gateway message) goes back only when the frame carries a {@code requestId};
 * a refused receipt always gets its {@code error} frame.
 */
public final class ReceiptHandler extends RouteHandler<Receipt> {
    private final ReceiptService service;

    public ReceiptHandler() {
        this(FunctionGraphs.messaging());
    }

    private ReceiptHandler(MessagingGraph wiring) {
        this(wiring.receiptService(), wiring.routeGuard());
    }

    public ReceiptHandler(ReceiptService service, RouteGuard guard) {
        super(Receipt.class, guard);
        this.service = service;
    }

    @Override
    protected ServerFrame handle(WsRequest request, Receipt message, String requestId) {
        service.apply(request.identity(), message);
        return requestId == null ? null : new Acks.ReceiptAck();
    }
}

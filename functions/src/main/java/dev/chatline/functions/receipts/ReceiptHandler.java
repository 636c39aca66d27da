package dev.chatline.functions.receipts;

import dev.chatline.wiring.MessagingGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Json;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.receipts.ReceiptRequest;
import dev.chatline.receipts.ReceiptService;

/**
 * Route {@code receipt}: a recipient acknowledges messages as delivered or read. One-way by default: the
 * {@code ack} reply (one more API Gateway message) goes back only when the frame carries a {@code requestId};
 * a refused receipt always gets its {@code error} frame.
 */
public final class ReceiptHandler extends RouteHandler {
    private final ReceiptService service;

    public ReceiptHandler() {
        this(FunctionGraphs.messaging());
    }

    private ReceiptHandler(MessagingGraph wiring) {
        this(wiring.receiptService(), wiring.routeGuard());
    }

    public ReceiptHandler(ReceiptService service, RouteGuard guard) {
        super(guard);
        this.service = service;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        service.apply(request.identity(), ReceiptRequest.parse(frame));
        if (frame.requestId().isEmpty()) {
            return null;
        }
        var ack = Json.object();
        ack.put("type", "ack");
        frame.requestId().ifPresent(id -> ack.put("requestId", id));
        ack.put("action", "receipt");
        return Json.write(ack);
    }
}

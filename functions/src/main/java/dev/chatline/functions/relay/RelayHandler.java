package dev.chatline.functions.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.fanout.FanoutBatch;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.messaging.SqsBatches;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.relay.RelayService;
import dev.chatline.wiring.MessagingGraph;

/**
 * Consumer of this cell's relay FIFO queue (jobs other cells send: messages for this cell's users, receipt and key
 * events, presence changes for subscribers here, receipts of chats homed here), with partial batch responses like the fan-out consumer: chats of a batch in
 * parallel, each in order; a failed job holds back only its chat and is retried by the queue.
 */
public final class RelayHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final RelayService service;
    private final FanoutBatch batch;

    public RelayHandler() {
        this(FunctionGraphs.messaging());
    }

    public RelayHandler(MessagingGraph messaging) {
        this(messaging.relayService(), messaging.fanoutBatch());
    }

    public RelayHandler(RelayService service, FanoutBatch batch) {
        this.service = service;
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.process().around(context, () ->
                SqsBatches.process(batch, event, context, FunctionCatalog.RELAY.timeout(), service::process));
    }
}

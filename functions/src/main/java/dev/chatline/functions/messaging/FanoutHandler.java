package dev.chatline.functions.messaging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.fanout.FanoutBatch;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutService;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.presence.PresenceChange;
import dev.chatline.presence.PresenceNotifier;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.MessagingGraph;

/**
 * Consumer of the fan-out FIFO queue with partial batch responses: turns the records into {@link FanoutBatch}
 * records and its failed ones into {@code batchItemFailures}. Chats of a batch are delivered in parallel, each in
 * order; a failure holds back only its own chat; no job starts after half the invocation's time; reported records
 * are made visible again within seconds (see {@link FanoutBatch}). Besides fan-out jobs the queue carries presence
 * changes (their group is the user), which go to the {@link PresenceNotifier}.
 */
public final class FanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final FanoutService service;
    private final FanoutBatch batch;
    private final PresenceNotifier presence;

    public FanoutHandler() {
        this(FunctionGraphs.fanout());
    }

    private FanoutHandler(FunctionGraphs.Fanout graphs) {
        this(graphs.messaging(), graphs.connections());
    }

    public FanoutHandler(MessagingGraph messaging, ConnectionGraph connections) {
        this(messaging.fanoutService(), messaging.fanoutBatch(), connections.presenceNotifier());
    }

    public FanoutHandler(FanoutService service, FanoutBatch batch, PresenceNotifier presence) {
        this.service = service;
        this.batch = batch;
        this.presence = presence;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.process().around(context, () -> deliver(event, context));
    }

    private SQSBatchResponse deliver(SQSEvent event, Context context) {
        return SqsBatches.process(batch, event, context, FunctionCatalog.FANOUT.timeout(), this::process);
    }

    private void process(String body) {
        PresenceChange.parse(body).ifPresentOrElse(presence::notify,
                () -> service.deliver(FanoutJob.fromJson(body)));
    }
}

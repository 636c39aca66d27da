package dev.chatline.functions.messaging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.messaging.FanoutBatch;
import dev.chatline.messaging.FanoutJob;
import dev.chatline.messaging.FanoutService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Consumer of the fan-out FIFO queue with partial batch responses: turns the records into {@link FanoutBatch}
 * records and its failed ones into {@code batchItemFailures}. Chats of a batch are delivered in parallel, each in
 * order; a failure holds back only its own chat; no job starts after half the invocation's time; reported records
 * are made visible again within seconds (see {@link FanoutBatch}).
 */
public final class FanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final FanoutService service;
    private final FanoutBatch batch;

    public FanoutHandler() {
        this(MessagingWiring.fromEnvironment());
    }

    public FanoutHandler(MessagingWiring wiring) {
        this(wiring.fanoutService(), wiring.fanoutBatch());
    }

    public FanoutHandler(FanoutService service, FanoutBatch batch) {
        this.service = service;
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.process().around(context, () -> deliver(event, context));
    }

    private SQSBatchResponse deliver(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        try {
            MDC.put("awsRequestId", context == null ? null : context.getAwsRequestId());
            FanoutBatch.Result result = batch.process(records.stream().map(FanoutHandler::record).toList(),
                    remaining(context), body -> service.deliver(FanoutJob.fromJson(body)));
            return new SQSBatchResponse(result.failedMessageIds().stream()
                    .map(SQSBatchResponse.BatchItemFailure::new).toList());
        } finally {
            MDC.clear();
        }
    }

    private static FanoutBatch.Record record(SQSEvent.SQSMessage m) {
        Map<String, String> attrs = m.getAttributes() == null ? Map.of() : m.getAttributes();
        return new FanoutBatch.Record(m.getMessageId(), m.getReceiptHandle(), attrs.get("MessageGroupId"),
                m.getBody(), Integer.parseInt(attrs.getOrDefault("ApproximateReceiveCount", "1")),
                m.getEventSourceArn());
    }

    /** The invocation's remaining time; without a context (tests) the function's configured timeout. */
    private static Duration remaining(Context context) {
        return context == null ? FunctionCatalog.FANOUT.timeout()
                : Duration.ofMillis(context.getRemainingTimeInMillis());
    }
}

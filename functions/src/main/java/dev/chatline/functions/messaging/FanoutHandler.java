package dev.chatline.functions.messaging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.messaging.FanoutJob;
import dev.chatline.messaging.FanoutService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumer of the fan-out FIFO queue with partial batch responses. Records are processed in order; at the first
 * failure that record and every later one are reported as {@code batchItemFailures} (FIFO: a later record of the
 * same chat must not overtake a failed one), so SQS redelivers them.
 */
public final class FanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutHandler.class);

    private final FanoutService service;

    public FanoutHandler() {
        this(MessagingWiring.fromEnvironment().fanoutService());
    }

    public FanoutHandler(FanoutService service) {
        this.service = service;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.process().around(context, () -> deliver(event, context));
    }

    private SQSBatchResponse deliver(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            MDC.put("awsRequestId", context == null ? null : context.getAwsRequestId());
            for (int i = 0; i < records.size(); i++) {
                SQSEvent.SQSMessage record = records.get(i);
                MDC.put("sqsMessageId", record.getMessageId());
                try {
                    service.deliver(FanoutJob.fromJson(record.getBody()));
                } catch (RuntimeException e) {
                    LOG.warn("fan-out failed; returning {} records to the queue", records.size() - i, e);
                    records.subList(i, records.size()).forEach(r ->
                            failures.add(new SQSBatchResponse.BatchItemFailure(r.getMessageId())));
                    break;
                }
            }
        } finally {
            MDC.clear();
        }
        return new SQSBatchResponse(failures);
    }
}

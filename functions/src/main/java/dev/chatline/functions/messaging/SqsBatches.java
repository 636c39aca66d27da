package dev.chatline.functions.messaging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.fanout.FanoutBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The SQS side of the FIFO consumers (fan-out, relay): an event's records as {@link FanoutBatch} records (chats in
 * parallel, each in order, a failure holding back only its chat) and its failed ones as {@code batchItemFailures}.
 */
public final class SqsBatches {
    private SqsBatches() {
    }

    /**
     * @param timeout the function's configured timeout: the budget when there is no context (tests)
     * @param job processes one record's body; throws to report the record (and the rest of its chat) failed
     */
    public static SQSBatchResponse process(FanoutBatch batch, SQSEvent event, Context context, Duration timeout,
                                           FanoutBatch.JobConsumer job) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        try {
            MDC.put("awsRequestId", context == null ? null : context.getAwsRequestId());
            FanoutBatch.Result result = batch.process(records.stream().map(SqsBatches::record).toList(),
                    context == null ? timeout : Duration.ofMillis(context.getRemainingTimeInMillis()), job);
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
}

package dev.chatline.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * {@link FanoutBatch.Redelivery} on SQS: one {@code ChangeMessageVisibilityBatch} per 10 records, setting each
 * record's visibility timeout to its delay (0 = receivable at once). Lambda's event source mapping leaves the
 * visibility of reported records alone (they come back after the queue's visibility timeout); a function may change
 * it with the receipt handle of its event (the mapping's role already has {@code sqs:ChangeMessageVisibility}).
 * The queue URL is looked up once per queue from the record's event source ARN ({@code GetQueueUrl}), so the
 * function needs no queue setting. Failures are logged, never thrown: such a record returns after the visibility
 * timeout as before.
 */
public final class QueueRedelivery implements FanoutBatch.Redelivery {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRedelivery.class);
    private static final int MAX_ENTRIES = 10;

    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    public QueueRedelivery(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void redeliver(List<FanoutBatch.Retry> retries) {
        Map<String, List<FanoutBatch.Retry>> byQueue = new LinkedHashMap<>();
        retries.forEach(r -> byQueue.computeIfAbsent(r.record().queueArn(), q -> new ArrayList<>()).add(r));
        byQueue.forEach((queueArn, list) -> {
            for (int i = 0; i < list.size(); i += MAX_ENTRIES) {
                change(queueArn, list.subList(i, Math.min(list.size(), i + MAX_ENTRIES)));
            }
        });
    }

    private void change(String queueArn, List<FanoutBatch.Retry> chunk) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            FanoutBatch.Retry r = chunk.get(i);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(r.record().receiptHandle())
                    .visibilityTimeout(Math.toIntExact(r.delay().toSeconds())).build());
        }
        try {
            String url = queueUrl(queueArn);
            var result = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
            result.failed().forEach(f -> LOG.warn("fan-out: record {} keeps its visibility timeout: {} {}",
                    chunk.get(Integer.parseInt(f.id())).record().messageId(), f.code(), f.message()));
        } catch (RuntimeException e) {
            LOG.warn("fan-out: {} reported records keep their visibility timeout: {}", chunk.size(), e.toString());
        }
    }

    /** {@code arn:aws:sqs:region:account:name} → the queue's URL. */
    private String queueUrl(String queueArn) {
        return queueUrls.computeIfAbsent(queueArn, arn -> {
            String[] parts = arn.split(":", 6);
            if (parts.length != 6 || !"sqs".equals(parts[2])) {
                throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
            }
            return sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
        });
    }
}

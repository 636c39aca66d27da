package dev.chatline.messaging;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Resources;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Enqueues fan-out jobs on the FIFO queue: {@code MessageGroupId} = chatId (one chat in order, chats in parallel),
 * {@code MessageDeduplicationId} = the job's event id (a retried send or receipt within SQS's 5-minute
 * deduplication window enqueues nothing new).
 */
public final class FanoutQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public FanoutQueue(SqsClient sqs, ChatConfig config) {
        this.sqs = sqs;
        this.queueUrl = config.queueUrl(Resources.FANOUT);
    }

    public void enqueue(FanoutJob job) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(job.chatId())
                .messageDeduplicationId(DedupIds.of(job.eventId())).messageBody(job.toJson()));
    }

    /** SQS deduplication ids: at most 128 characters of {@code [A-Za-z0-9!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~]}. */
    static final class DedupIds {
        private DedupIds() {
        }

        static String of(String eventId) {
            return eventId.length() <= 128 ? eventId : Digests.sha256Hex(eventId);
        }
    }
}

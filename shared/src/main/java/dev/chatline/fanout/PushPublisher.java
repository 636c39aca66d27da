package dev.chatline.fanout;

import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Resources;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/**
 * Publishes push requests for offline devices to the {@code push-requests} topic. The request names the message
 * but never carries its body or the sender's name (schema in docs/protocol.md). Each request is its own SNS
 * message (the push function gets one per notification), however it was published.
 *
 * <p>The topic ({@code CHATLINE_PUSH_TOPIC_ARN}) is looked up when a request is first published, not when the
 * publisher is built: the receipt function delivers only events, which never need a push, so the stack gives it
 * neither the topic nor {@code sns:Publish}, yet it builds the same {@link LiveDelivery} at cold start.
 */
public final class PushPublisher {
    /** Entries per {@code PublishBatch} call (SNS's limit). */
    public static final int MAX_BATCH = 10;

    /** {@code {"kind":"message","userId","deviceId","chatId","messageId","seq","ts"}}. */
    public record PushRequest(String kind, String userId, String deviceId, String chatId, String messageId,
                              long seq, long ts) {
    }

    private final SnsClient sns;
    private final ChatConfig config;

    public PushPublisher(SnsClient sns, ChatConfig config) {
        this.sns = sns;
        this.config = config;
    }

    /** @throws IllegalStateException when the function was not given the topic */
    public void publish(PushRequest request) {
        sns.publish(r -> r.topicArn(topicArn()).message(Json.write(request)));
    }

    /**
     * Publishes every request, {@value #MAX_BATCH} per {@code PublishBatch} call. Entries SNS reports as failed are
     * published once more (in one further call per chunk); if any still fails, throws after all chunks were tried,
     * so those targets are retried through the fan-out queue (a device may then get a second push request for the
     * message: the push function's per-chat window absorbs it).
     *
     * @throws PushPublishException naming how many requests were not published
     * @throws IllegalStateException when the function was not given the topic
     */
    public void publishAll(List<PushRequest> requests) {
        List<BatchResultErrorEntry> lost = new ArrayList<>();
        for (int i = 0; i < requests.size(); i += MAX_BATCH) {
            List<PublishBatchRequestEntry> chunk = entries(requests.subList(i, Math.min(requests.size(),
                    i + MAX_BATCH)), i);
            List<BatchResultErrorEntry> failed = publishBatch(chunk);
            if (!failed.isEmpty()) {
                lost.addAll(publishBatch(chunk.stream().filter(e -> failed.stream()
                        .anyMatch(f -> f.id().equals(e.id()))).toList()));
            }
        }
        if (!lost.isEmpty()) {
            BatchResultErrorEntry first = lost.get(0);
            throw new PushPublishException(lost.size() + " of " + requests.size()
                    + " push requests not published after a retry; first: " + first.code() + " " + first.message());
        }
    }

    /** Entry ids are the requests' positions in the whole list: unique within every call. */
    private static List<PublishBatchRequestEntry> entries(List<PushRequest> chunk, int offset) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            entries.add(PublishBatchRequestEntry.builder().id(Integer.toString(offset + i))
                    .message(Json.write(chunk.get(i))).build());
        }
        return entries;
    }

    private List<BatchResultErrorEntry> publishBatch(List<PublishBatchRequestEntry> entries) {
        return sns.publishBatch(b -> b.topicArn(topicArn()).publishBatchRequestEntries(entries)).failed();
    }

    private String topicArn() {
        return config.topicArn(Resources.PUSH_REQUESTS);
    }

    /** Some push requests could not be published (SNS refused them twice). */
    public static final class PushPublishException extends RuntimeException {
        public PushPublishException(String message) {
            super(message);
        }
    }
}

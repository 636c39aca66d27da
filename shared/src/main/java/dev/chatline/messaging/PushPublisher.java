package dev.chatline.messaging;

import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Resources;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes push requests for offline devices to the {@code push-requests} topic. The request names the message
 * but never carries its body or the sender's name (schema in docs/protocol.md).
 */
public final class PushPublisher {

    /** {@code {"kind":"message","userId","deviceId","chatId","messageId","seq","ts"}}. */
    public record PushRequest(String kind, String userId, String deviceId, String chatId, String messageId,
                              long seq, long ts) {
    }

    private final SnsClient sns;
    private final String topicArn;

    public PushPublisher(SnsClient sns, ChatConfig config) {
        this.sns = sns;
        this.topicArn = config.topicArn(Resources.PUSH_REQUESTS);
    }

    /** Publishes every request. */
    public void publishAll(java.util.List<PushRequest> requests) {
        requests.forEach(this::publish);
    }

    public void publish(PushRequest request) {
        sns.publish(r -> r.topicArn(topicArn).message(Json.write(request)));
    }
}

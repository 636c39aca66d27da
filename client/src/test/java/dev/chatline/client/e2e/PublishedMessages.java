package dev.chatline.client.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Records the body of every SQS message and SNS notification any SDK client of the test JVM sends (the functions
 * hosted by the local runtime included): registered globally through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}. Queues are drained by the runtime's
 * pollers, so this is where the plaintext check sees what went through SQS and SNS.
 */
public final class PublishedMessages implements ExecutionInterceptor {
    private static final List<String> BODIES = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof SendMessageRequest r) {
            BODIES.add(r.messageBody() + r.messageAttributes());
        } else if (request instanceof SendMessageBatchRequest r) {
            r.entries().stream().map(SendMessageBatchRequestEntry::messageBody).forEach(BODIES::add);
        } else if (request instanceof PublishRequest r) {
            BODIES.add(r.message() + r.messageAttributes());
        } else if (request instanceof PublishBatchRequest r) {
            r.publishBatchRequestEntries().stream().map(PublishBatchRequestEntry::message).forEach(BODIES::add);
        }
    }

    public static List<String> bodies() {
        return List.copyOf(BODIES);
    }
}

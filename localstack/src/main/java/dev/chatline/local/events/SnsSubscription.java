package dev.chatline.local.events;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Emulates an SNS subscription with protocol {@code lambda}. The emulator cannot call a function hosted in this
 * JVM, so the topic gets an SQS subscription instead (raw message delivery off, so the queue receives SNS's full
 * notification envelope) to a bridge queue {@code <topic>-local-<function>}. This class polls the bridge queue,
 * turns each envelope into an {@code SNSEvent} with one record ({@link SnsEventFactory}) and invokes the function
 * asynchronously with Lambda's retry behaviour ({@link AsyncInvoker}): a message is deleted from the bridge queue
 * as soon as it is handed over, as SNS considers a notification delivered once Lambda accepted it.
 */
public final class SnsSubscription extends QueuePoller {
    private final String functionName;
    private final String subscriptionArn;
    private final SnsEventFactory events;
    private final AsyncInvoker invoker;
    private final EventSourceSettings settings;

    private SnsSubscription(String functionName, SqsClient sqs, String bridgeQueueUrl, String subscriptionArn,
                            AsyncInvoker invoker, EventSourceSettings settings) {
        super("sns-sub-" + functionName, sqs, bridgeQueueUrl);
        this.functionName = functionName;
        this.subscriptionArn = subscriptionArn;
        this.events = new SnsEventFactory(subscriptionArn);
        this.invoker = invoker;
        this.settings = settings;
    }

    /**
     * Creates the bridge queue and the topic's subscription to it (idempotent: SNS returns the existing
     * subscription) and starts delivering.
     *
     * @param sqs, sns clients this subscription uses (not closed by it)
     */
    public static SnsSubscription start(String functionName, String topicArn, FunctionInvoker invoker, SqsClient sqs,
                                        SnsClient sns, EventSourceSettings settings) {
        String topicName = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        String queueName = truncate(topicName + "-local-" + functionName);
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String subscriptionArn = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "false")).returnSubscriptionArn(true)).subscriptionArn();
        SnsSubscription s = new SnsSubscription(functionName, sqs, queueUrl, subscriptionArn,
                new AsyncInvoker(invoker, settings), settings);
        s.start();
        return s;
    }

    public String functionName() {
        return functionName;
    }

    public String subscriptionArn() {
        return subscriptionArn;
    }

    @Override
    protected int maxMessages() {
        return 10;
    }

    @Override
    protected int waitSeconds() {
        return (int) settings.longPollWait().toSeconds();
    }

    @Override
    protected void handle(List<Message> messages) {
        for (Message m : messages) {
            try {
                invoker.submit(functionName, events.event(m.body()));
                log.debug("{}: SNS notification {} handed to the function", functionName, m.messageId());
            } catch (RuntimeException e) {
                log.warn("{}: dropped an SNS notification that could not be converted: {}", functionName,
                        e.toString());
            }
        }
        delete(messages);
    }

    @Override
    public void close() {
        super.close();
        invoker.close();
    }

    private static String truncate(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80);
    }
}

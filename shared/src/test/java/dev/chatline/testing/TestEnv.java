package dev.chatline.testing;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.schema.Resources;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Test-only: a deployment on moto with every table, the fan-out FIFO queue, the push topic and a capture queue
 * subscribed to the topic (raw delivery), plus optionally a fake {@code @connections} endpoint.
 */
public final class TestEnv {
    public final ChatConfig config;
    public final AwsClients aws;
    public final DynamoDbClient ddb;
    public final SqsClient sqs;
    public final SnsClient sns;
    public final String fanoutQueueUrl;
    public final String pushCaptureQueueUrl;

    private TestEnv(ChatConfig config, String pushCaptureQueueUrl) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.ddb = aws.dynamoDb();
        this.sqs = MessagingClients.sqs(aws);
        this.sns = MessagingClients.sns(aws);
        this.fanoutQueueUrl = config.queueUrl(Resources.FANOUT);
        this.pushCaptureQueueUrl = pushCaptureQueueUrl;
    }

    /** The {@code @connections} endpoint of an environment without a fake one: nothing listens there. */
    public static final URI NO_CONNECTIONS = URI.create("http://127.0.0.1:9/local");

    /**
     * Provisions everything for {@code stage} on the moto server.
     *
     * @param connections the fake {@code @connections} endpoint, or null
     * @param extra further settings (e.g. rate limits)
     */
    public static TestEnv provision(MotoServer moto, String stage, URI connections, Map<String, String> extra) {
        Map<String, String> base = new HashMap<>();
        base.put(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString());
        base.put(ChatConfig.STAGE, stage);
        base.put(ChatConfig.REGION, "us-east-1");
        // without a fake endpoint, one nothing listens on: nothing is posted while no connection rows exist, and a
        // test that creates some passes a real (fake) endpoint
        base.put(ChatConfig.CONNECTIONS_ENDPOINT, (connections != null ? connections : NO_CONNECTIONS).toString());
        ChatConfig bootstrap = ChatConfig.of(base);
        AwsClients aws = new AwsClients(bootstrap);
        TestTables.createAll(aws.dynamoDb(), bootstrap);
        SqsClient sqs = MessagingClients.sqs(aws);
        String fanout = sqs.createQueue(r -> r.queueName(Resources.FANOUT.physicalName(stage))
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        SnsClient sns = MessagingClients.sns(aws);
        String topicArn = sns.createTopic(r -> r.name(Resources.PUSH_REQUESTS.physicalName(stage))).topicArn();
        String capture = sqs.createQueue(r -> r.queueName("chatline-" + stage + "-push-capture")).queueUrl();
        String captureArn = sqs.getQueueAttributes(r -> r.queueUrl(capture)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(captureArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        Map<String, String> all = new HashMap<>(base);
        all.put(Resources.FANOUT.urlEnvVar(), fanout);
        all.put(Resources.PUSH_REQUESTS.arnEnvVar(), topicArn);
        all.putAll(extra);
        return new TestEnv(ChatConfig.of(all), capture);
    }

    public MessagingSettings settings() {
        return MessagingSettings.from(config);
    }

    /** Receives (and deletes) what is currently on a queue, up to 10 messages per call. */
    public List<Message> drain(String queueUrl) {
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageSystemAttributeNamesWithStrings("All").waitTimeSeconds(0)).messages();
        got.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return got;
    }

    /** Receives (and deletes) everything currently on a queue. */
    public List<Message> drainAll(String queueUrl) {
        List<Message> all = new java.util.ArrayList<>();
        for (List<Message> got = drain(queueUrl); !got.isEmpty(); got = drain(queueUrl)) {
            all.addAll(got);
        }
        return all;
    }
}

package dev.chatline.infra;

import dev.chatline.schema.QueueDef;
import dev.chatline.schema.Resources;
import dev.chatline.schema.TopicDef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The SQS queues (each with its dead-letter queue) from {@link Resources#QUEUES}, a sharded queue as
 * {@link ChatlineSettings#fanoutShards()} queues (shard 0 with the construct ids and names of the unsharded queue,
 * so a stack that starts sharding keeps its queue), and the SNS topics from
 * {@link Resources#TOPICS}. Queues use SQS-managed encryption; topics a customer managed KMS key with rotation
 * (also used by the alarm topic: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed
 * {@code aws/sns} key, whose key policy cannot be changed). Both refuse non-TLS requests.
 */
public final class Messaging extends Construct {
    /** A queue and its dead-letter queue. */
    public record QueuePair(Queue queue, Queue deadLetterQueue) {
    }

    private final Key key;
    private final int shardCount;
    private final Map<QueueDef, QueuePair> queues = new LinkedHashMap<>();
    private final Map<TopicDef, Topic> topics = new LinkedHashMap<>();

    public Messaging(Construct scope, String id, ChatlineSettings settings) {
        super(scope, id);
        key = Key.Builder.create(this, "TopicKey")
                .description("Chatline " + settings.stage() + ": encrypts the SNS topics")
                .alias("alias/" + settings.name("topics"))
                .enableKeyRotation(true)
                .removalPolicy(settings.statefulRemovalPolicy())
                .build();
        shardCount = settings.fanoutShards();
        for (QueueDef def : Resources.queues(shardCount)) {
            queues.put(def, createQueue(def, settings));
        }
        for (TopicDef def : Resources.TOPICS) {
            topics.put(def, Topic.Builder.create(this, DataTables.constructId(def.logicalName()) + "Topic")
                    .topicName(def.physicalName(settings.stage()))
                    .masterKey(key)
                    .enforceSsl(true)
                    .build());
        }
    }

    private QueuePair createQueue(QueueDef def, ChatlineSettings settings) {
        String id = DataTables.constructId(def.logicalName());
        Queue.Builder dlq = Queue.Builder.create(this, id + "DeadLetterQueue")
                .queueName(def.dlqPhysicalName(settings.stage()))
                .retentionPeriod(seconds(def.dlqRetention()))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true);
        Queue.Builder queue = Queue.Builder.create(this, id + "Queue")
                .queueName(def.physicalName(settings.stage()))
                .visibilityTimeout(seconds(def.visibilityTimeout()))
                .retentionPeriod(seconds(def.retention()))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true);
        if (def.fifo()) {
            dlq.fifo(true);
            // The producer sets MessageDeduplicationId (= message id); high-throughput FIFO mode: throughput
            // quotas apply per message group (= chat), so chats scale out independently.
            queue.fifo(true)
                    .contentBasedDeduplication(false)
                    .deduplicationScope(DeduplicationScope.MESSAGE_GROUP)
                    .fifoThroughputLimit(FifoThroughputLimit.PER_MESSAGE_GROUP_ID);
        }
        Queue deadLetterQueue = dlq.build();
        Queue main = queue.deadLetterQueue(DeadLetterQueue.builder()
                .queue(deadLetterQueue).maxReceiveCount(def.maxReceiveCount()).build()).build();
        return new QueuePair(main, deadLetterQueue);
    }

    static Duration seconds(java.time.Duration d) {
        return Duration.seconds(d.toSeconds());
    }

    public Key key() {
        return key;
    }

    public QueuePair queue(QueueDef def) {
        QueuePair pair = queues.get(def);
        if (pair == null) {
            throw new IllegalArgumentException("no queue " + def.logicalName() + " (not in Resources.QUEUES)");
        }
        return pair;
    }

    /** Every shard of {@code def} (shard 0 first); the queue alone if it is not sharded. */
    public java.util.List<QueuePair> shards(QueueDef def) {
        return def.shards(shardCount).stream().map(this::queue).toList();
    }

    /** How many shards each sharded queue has. */
    public int shardCount() {
        return shardCount;
    }

    public Topic topic(TopicDef def) {
        Topic topic = topics.get(def);
        if (topic == null) {
            throw new IllegalArgumentException("no topic " + def.logicalName() + " (not in Resources.TOPICS)");
        }
        return topic;
    }

    public Map<QueueDef, QueuePair> queues() {
        return Collections.unmodifiableMap(queues);
    }
}

package dev.chatline.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The queues, topics and buckets of the backend, defined once (tables are in {@link Tables}). */
public final class Resources {
    /** Default message retention on the server: undelivered messages and media expire after it. */
    public static final Duration MESSAGE_RETENTION = Duration.ofDays(30);

    /**
     * Fan-out jobs. FIFO: MessageGroupId = chatId keeps each chat in order while chats run in parallel;
     * deduplication id = server message id (or event id). Visibility timeout = 6 × the fan-out function's 30 s
     * timeout, as AWS recommends for Lambda event sources (the local runtime can shorten it for fast redelivery).
     * Sharded: {@code CHATLINE_FANOUT_SHARDS} queues (default 1; CDK context {@code fanoutShards}), a chat always on
     * the shard {@link QueueShards#shardOf} picks for its id, each shard with its own event source mapping.
     */
    public static final QueueDef FANOUT = new QueueDef("fanout", true, Duration.ofSeconds(180), Duration.ofDays(4),
            5, Duration.ofDays(14), "CHATLINE_FANOUT_QUEUE_URL", Optional.of("CHATLINE_FANOUT_SHARDS"), 0);

    /**
     * A cell's ingress from the other cells (docs/scaling.md, "Cells"): relay jobs (deliveries to this cell's users of messages stored in
     * another cell, receipts for chats homed here, ...). FIFO: MessageGroupId = chatId keeps each chat in order
     * across the hop; deduplication id = the job's event id. Settings as the fan-out queue's.
     */
    public static final QueueDef RELAY = new QueueDef("relay", true, Duration.ofSeconds(180), Duration.ofDays(4),
            5, Duration.ofDays(14), "CHATLINE_RELAY_QUEUE_URL");

    /** Push requests for offline devices (JSON schema in docs/protocol.md). */
    public static final TopicDef PUSH_REQUESTS = new TopicDef("push-requests", "CHATLINE_PUSH_TOPIC_ARN");

    /** Encrypted media blobs. */
    public static final BucketDef MEDIA = new BucketDef("media", "CHATLINE_MEDIA_BUCKET", MESSAGE_RETENTION);

    /** The queue definitions (a sharded queue once: {@link #queues(int)} lists the queues to create). */
    public static final List<QueueDef> QUEUES = List.of(FANOUT, RELAY);
    public static final List<TopicDef> TOPICS = List.of(PUSH_REQUESTS);
    public static final List<BucketDef> BUCKETS = List.of(MEDIA);

    /** Every queue to create when the sharded queues have {@code shards} shards each. */
    public static List<QueueDef> queues(int shards) {
        return QUEUES.stream().flatMap(q -> q.shards(shards).stream()).toList();
    }

    private Resources() {
    }
}

package dev.chatline.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * An SQS queue with its dead-letter queue; a sharded queue is deployed as N copies ({@link #shards(int)}), each
 * message going to the shard of its message group ({@link QueueShards#shardOf}).
 *
 * @param logicalName e.g. {@code fanout}; FIFO queues get the {@code .fifo} suffix in {@link #physicalName}
 * @param fifo FIFO queue (MessageGroupId = chat, deduplication id = message id), in high-throughput mode
 *             (deduplication scope = message group, throughput limit per message group) wherever it is created
 * @param visibilityTimeout how long a received message stays invisible; must exceed the consumer's timeout
 * @param retention how long an unconsumed message is kept
 * @param maxReceiveCount receives before a message moves to the DLQ
 * @param dlqRetention how long the DLQ keeps messages (for inspection and redrive)
 * @param urlEnvVar environment variable through which functions learn the queue URL (of shard 0 for a sharded
 *                  queue: the other shards' URLs follow from it, {@link QueueShards#shardUrl})
 * @param shardCountEnvVar for a sharded queue, the environment variable through which producers learn the number
 *                         of shards (absent: one queue)
 * @param shard this definition's shard number: 0 for the definition itself (its names are those of the unsharded
 *              queue, so a deployment that starts sharding keeps its queue as shard 0)
 */
public record QueueDef(String logicalName, boolean fifo, Duration visibilityTimeout, Duration retention,
                       int maxReceiveCount, Duration dlqRetention, String urlEnvVar,
                       Optional<String> shardCountEnvVar, int shard) {

    public QueueDef {
        if (shard < 0 || shard > 0 && shardCountEnvVar.isEmpty()) {
            throw new IllegalArgumentException("only a sharded queue has shards above 0: " + logicalName);
        }
    }

    /** A queue that is not sharded. */
    public QueueDef(String logicalName, boolean fifo, Duration visibilityTimeout, Duration retention,
                    int maxReceiveCount, Duration dlqRetention, String urlEnvVar) {
        this(logicalName, fifo, visibilityTimeout, retention, maxReceiveCount, dlqRetention, urlEnvVar,
                Optional.empty(), 0);
    }

    public String physicalName(String stage) {
        return Naming.resourceName(stage, logicalName) + (fifo ? ".fifo" : "");
    }

    public String dlqPhysicalName(String stage) {
        return Naming.resourceName(stage, logicalName + "-dlq") + (fifo ? ".fifo" : "");
    }

    public boolean sharded() {
        return shardCountEnvVar.isPresent();
    }

    /**
     * Shard {@code index} of this definition: itself for 0, else the same settings named {@code <logical>-<index>}
     * (e.g. {@code chatline-prod-fanout-2.fifo}, with its own {@code -dlq}).
     */
    public QueueDef shard(int index) {
        if (shard != 0) {
            throw new IllegalStateException(logicalName + " is a shard already");
        }
        if (index == 0) {
            return this;
        }
        if (!sharded() || index < 0 || index >= QueueShards.MAX_SHARDS) {
            throw new IllegalArgumentException("no shard " + index + " of queue " + logicalName);
        }
        return new QueueDef(logicalName + "-" + index, fifo, visibilityTimeout, retention, maxReceiveCount,
                dlqRetention, urlEnvVar, shardCountEnvVar, index);
    }

    /** The queues to create for {@code count} shards: shards 0..count-1, or this queue alone if not sharded. */
    public List<QueueDef> shards(int count) {
        QueueShards.checkCount(count);
        return IntStream.range(0, sharded() ? count : 1).mapToObj(this::shard).toList();
    }

    /** The same queue with another visibility timeout (the local runtime shortens it for fast redelivery). */
    public QueueDef withVisibilityTimeout(Duration timeout) {
        return new QueueDef(logicalName, fifo, timeout, retention, maxReceiveCount, dlqRetention, urlEnvVar,
                shardCountEnvVar, shard);
    }
}

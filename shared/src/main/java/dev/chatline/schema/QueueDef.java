package dev.chatline.schema;

import java.time.Duration;

/**
 * An SQS queue with its dead-letter queue.
 *
 * @param logicalName e.g. {@code fanout}; FIFO queues get the {@code .fifo} suffix in {@link #physicalName}
 * @param fifo FIFO queue (MessageGroupId = chat, deduplication id = message id), in high-throughput mode
 *             (deduplication scope = message group, throughput limit per message group) wherever it is created
 * @param visibilityTimeout how long a received message stays invisible; must exceed the consumer's timeout
 * @param retention how long an unconsumed message is kept
 * @param maxReceiveCount receives before a message moves to the DLQ
 * @param dlqRetention how long the DLQ keeps messages (for inspection and redrive)
 * @param urlEnvVar environment variable through which functions learn the queue URL
 */
public record QueueDef(String logicalName, boolean fifo, Duration visibilityTimeout, Duration retention,
                       int maxReceiveCount, Duration dlqRetention, String urlEnvVar) {

    public String physicalName(String stage) {
        return Naming.resourceName(stage, logicalName) + (fifo ? ".fifo" : "");
    }

    public String dlqPhysicalName(String stage) {
        return Naming.resourceName(stage, logicalName + "-dlq") + (fifo ? ".fifo" : "");
    }
}

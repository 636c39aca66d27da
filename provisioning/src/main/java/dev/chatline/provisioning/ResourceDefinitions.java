package dev.chatline.provisioning;

import dev.chatline.schema.BucketDef;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.Resources;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import dev.chatline.schema.TopicDef;
import java.time.Duration;
import java.util.List;

/**
 * The set of resources {@link ResourceProvisioner} creates. {@link #ALL} is the backend as defined once in
 * {@link Tables} and {@link Resources}; the local runtime and tests may shorten queue timings with
 * {@link #withQueueVisibilityTimeout(Duration)} so redelivery happens within seconds.
 */
public record ResourceDefinitions(List<TableDef> tables, List<QueueDef> queues, List<TopicDef> topics,
                                  List<BucketDef> buckets) {

    /** Every table, queue, topic and bucket of the backend. */
    public static final ResourceDefinitions ALL =
            new ResourceDefinitions(Tables.ALL, Resources.QUEUES, Resources.TOPICS, Resources.BUCKETS);

    /**
     * What the cells of a deployment share ({@link CellResources}): the directory table, provisioned once under the
     * deployment's stage (not a cell's), so its name is {@code chatline-<stage>-directory}.
     */
    public static final ResourceDefinitions CELLS_SHARED =
            new ResourceDefinitions(List.of(CellResources.DIRECTORY), List.of(), List.of(), List.of());

    public ResourceDefinitions {
        tables = List.copyOf(tables);
        queues = List.copyOf(queues);
        topics = List.copyOf(topics);
        buckets = List.copyOf(buckets);
    }

    /** The same resources with every queue's visibility timeout replaced (e.g. 2 s for redelivery tests). */
    public ResourceDefinitions withQueueVisibilityTimeout(Duration visibilityTimeout) {
        List<QueueDef> changed = queues.stream().map(q -> q.withVisibilityTimeout(visibilityTimeout)).toList();
        return new ResourceDefinitions(tables, changed, topics, buckets);
    }

    /** The same resources with every sharded queue as {@code shards} queues ({@link QueueDef#shards(int)}). */
    public ResourceDefinitions withShards(int shards) {
        List<QueueDef> expanded = queues.stream().filter(q -> q.shard() == 0)
                .flatMap(q -> q.shards(shards).stream()).toList();
        return new ResourceDefinitions(tables, expanded, topics, buckets);
    }

    /** The definition of a queue by logical name (e.g. after {@link #withQueueVisibilityTimeout}). */
    public QueueDef queue(String logicalName) {
        return queues.stream().filter(q -> q.logicalName().equals(logicalName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue " + logicalName));
    }
}

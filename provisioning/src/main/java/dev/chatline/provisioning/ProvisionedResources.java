package dev.chatline.provisioning;

import dev.chatline.schema.BucketDef;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.TopicDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ResourceProvisioner} created (or found): physical names, URLs and ARNs, keyed by logical name.
 * {@link #configValues()} turns them into the configuration keys the functions read
 * ({@link QueueDef#urlEnvVar()}, {@link TopicDef#arnEnvVar()}, {@link BucketDef#nameEnvVar()}).
 *
 * @param tables logical table name → physical table name
 * @param queues logical queue name → the queue and its dead-letter queue
 * @param topics logical topic name → topic ARN
 * @param buckets logical bucket name → bucket name
 */
public record ProvisionedResources(String stage, Map<String, String> tables, Map<String, Queue> queues,
                                   Map<String, Topic> topics, Map<String, Bucket> buckets) {

    public ProvisionedResources {
        tables = Map.copyOf(tables);
        queues = Map.copyOf(queues);
        topics = Map.copyOf(topics);
        buckets = Map.copyOf(buckets);
    }

    /** A provisioned queue and its dead-letter queue. */
    public record Queue(QueueDef def, String url, String arn, String dlqUrl, String dlqArn) {
    }

    public record Topic(TopicDef def, String arn) {
    }

    public record Bucket(BucketDef def, String name) {
    }

    public String tableName(TableDef table) {
        return require(tables, table.logicalName());
    }

    /** Whether {@code table} is provisioned here (the directory is only where cells are). */
    public boolean hasTable(TableDef table) {
        return tables.containsKey(table.logicalName());
    }

    public Queue queue(QueueDef queue) {
        return require(queues, queue.logicalName());
    }

    /** Every provisioned shard of {@code queue} (shard 0 first); the queue alone if it is not sharded. */
    public List<Queue> shards(QueueDef queue) {
        List<Queue> out = new java.util.ArrayList<>();
        out.add(queue(queue));
        for (int i = 1; queue.sharded() && i < dev.chatline.schema.QueueShards.MAX_SHARDS
                && queues.containsKey(queue.shard(i).logicalName()); i++) {
            out.add(queues.get(queue.shard(i).logicalName()));
        }
        return out;
    }

    public String topicArn(TopicDef topic) {
        return require(topics, topic.logicalName()).arn();
    }

    public String bucketName(BucketDef bucket) {
        return require(buckets, bucket.logicalName()).name();
    }

    /**
     * These resources and {@code other}'s tables (e.g. a cell's own resources and the directory table all cells
     * share, provisioned once under the deployment's stage).
     */
    public ProvisionedResources withTablesOf(ProvisionedResources other) {
        Map<String, String> merged = new LinkedHashMap<>(tables);
        merged.putAll(other.tables());
        return new ProvisionedResources(stage, merged, queues, topics, buckets);
    }

    /** The physical table names, in no particular order. */
    public List<String> tableNames() {
        return List.copyOf(tables.values());
    }

    /**
     * The configuration keys through which functions find these resources: queue URLs (shard 0's for a sharded
     * queue) and shard counts, topic ARNs and bucket names, in a stable order.
     */
    public Map<String, String> configValues() {
        Map<String, String> values = new LinkedHashMap<>();
        queues.values().stream().filter(q -> q.def().shard() == 0)
                .sorted(java.util.Comparator.comparing(q -> q.def().logicalName()))
                .forEach(q -> {
                    values.put(q.def().urlEnvVar(), q.url());
                    q.def().shardCountEnvVar().ifPresent(v -> values.put(v, Integer.toString(shards(q.def()).size())));
                });
        topics.values().stream().sorted(java.util.Comparator.comparing(t -> t.def().logicalName()))
                .forEach(t -> values.put(t.def().arnEnvVar(), t.arn()));
        buckets.values().stream().sorted(java.util.Comparator.comparing(b -> b.def().logicalName()))
                .forEach(b -> values.put(b.def().nameEnvVar(), b.name()));
        return values;
    }

    /** Sets {@link #configValues()} as JVM system properties, where {@code ChatConfig} finds them. */
    public void exportAsSystemProperties() {
        configValues().forEach(System::setProperty);
    }

    private static <V> V require(Map<String, V> map, String logicalName) {
        V value = map.get(logicalName);
        if (value == null) {
            throw new IllegalArgumentException("not provisioned: " + logicalName);
        }
        return value;
    }
}

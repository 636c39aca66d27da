package dev.chatline.schema;

import java.util.List;
import java.util.Optional;

/**
 * The shape of one DynamoDB table: keys, global/local secondary indexes and the TTL attribute.
 * Defined once in {@link Tables} and read by the CDK stack, the local provisioning and the tests.
 *
 * @param logicalName short name, e.g. {@code messages}; the physical name is {@code chatline-<stage>-<logicalName>}
 * @param partitionKey partition (hash) key
 * @param sortKey optional sort (range) key
 * @param globalIndexes global secondary indexes (projection ALL unless {@link IndexDef#keysOnly()})
 * @param ttlAttribute attribute holding the expiry in epoch <b>seconds</b>, if the table uses TTL
 */
public record TableDef(String logicalName, KeyAttr partitionKey, KeyAttr sortKey,
                       List<IndexDef> globalIndexes, String ttlAttribute) {

    public TableDef {
        globalIndexes = List.copyOf(globalIndexes);
    }

    public Optional<KeyAttr> sortKeyOpt() {
        return Optional.ofNullable(sortKey);
    }

    public Optional<String> ttlAttributeOpt() {
        return Optional.ofNullable(ttlAttribute);
    }

    /** Physical table name for a deployment stage. */
    public String physicalName(String stage) {
        return Naming.resourceName(stage, logicalName);
    }

    public IndexDef index(String indexName) {
        return globalIndexes.stream().filter(i -> i.name().equals(indexName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(logicalName + " has no index " + indexName));
    }
}

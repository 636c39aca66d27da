package dev.chatline.infra;

import dev.chatline.schema.IndexDef;
import dev.chatline.schema.KeyAttr;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * One DynamoDB table per {@link TableDef} in {@link Tables#ALL}: on-demand, point-in-time recovery, TTL on the
 * definition's expiry attribute, GSIs as declared. Physical names are {@code chatline-<stage>-<logical>}, which
 * the functions compute from {@code CHATLINE_STAGE}. Production: deletion protection and RETAIN. With
 * {@code tableWarmThroughput} set, the message-path tables start pre-warmed: a new on-demand table otherwise serves
 * 4,000 writes/12,000 reads per second at first and throttles a launch-day burst until it has scaled.
 */
public final class DataTables extends Construct {
    /** The tables every message touches: what {@code tableWarmThroughput} pre-warms. */
    static final List<TableDef> MESSAGE_PATH = List.of(Tables.CHATS, Tables.MESSAGES, Tables.IDEMPOTENCY,
            Tables.INBOX, Tables.RECEIPTS, Tables.RATE_LIMITS, Tables.CONNECTIONS, Tables.DEVICES);
    private final Map<TableDef, Table> tables = new LinkedHashMap<>();

    public DataTables(Construct scope, String id, ChatlineSettings settings) {
        super(scope, id);
        for (TableDef def : Tables.ALL) {
            tables.put(def, create(def, settings));
        }
    }

    private Table create(TableDef def, ChatlineSettings settings) {
        Table.Builder builder = Table.Builder.create(this, constructId(def.logicalName()))
                .tableName(def.physicalName(settings.stage()))
                .partitionKey(attribute(def.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(settings.production())
                .removalPolicy(settings.statefulRemovalPolicy());
        def.sortKeyOpt().ifPresent(k -> builder.sortKey(attribute(k)));
        def.ttlAttributeOpt().ifPresent(builder::timeToLiveAttribute);
        settings.warmThroughput().filter(w -> MESSAGE_PATH.contains(def)).ifPresent(w -> builder.warmThroughput(
                software.amazon.awscdk.services.dynamodb.WarmThroughput.builder()
                        .readUnitsPerSecond(w.readUnitsPerSecond())
                        .writeUnitsPerSecond(w.writeUnitsPerSecond()).build()));
        Table table = builder.build();
        for (IndexDef index : def.globalIndexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(index.keysOnly() ? ProjectionType.KEYS_ONLY : ProjectionType.ALL);
            if (index.sortKey() != null) {
                gsi.sortKey(attribute(index.sortKey()));
            }
            table.addGlobalSecondaryIndex(gsi.build());
        }
        return table;
    }

    static Attribute attribute(KeyAttr key) {
        AttributeType type = switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    /** {@code presence-subscribers} → {@code PresenceSubscribers}. */
    static String constructId(String logicalName) {
        StringBuilder sb = new StringBuilder();
        for (String part : logicalName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    public Table table(TableDef def) {
        Table table = tables.get(def);
        if (table == null) {
            throw new IllegalArgumentException("no table for " + def.logicalName() + " (not in Tables.ALL)");
        }
        return table;
    }

    public Map<TableDef, Table> all() {
        return Collections.unmodifiableMap(tables);
    }

    /** ARNs of the table's own GSIs, for grants that must allow Query on an index (no wildcard). */
    public List<String> indexArns(TableDef def) {
        String tableArn = table(def).getTableArn();
        return def.globalIndexes().stream().map(i -> tableArn + "/index/" + i.name()).toList();
    }
}

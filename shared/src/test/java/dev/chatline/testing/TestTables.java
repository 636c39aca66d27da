package dev.chatline.testing;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.IndexDef;
import dev.chatline.schema.KeyAttr;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Test-only: creates every table of {@link Tables#ALL} from its definition. The tables' part of the
 * {@code provisioning} module's {@code ResourceProvisioner}, which shared's own tests cannot use: that module
 * depends on shared (and stays out of the Lambda artifacts).
 */
public final class TestTables {
    private TestTables() {
    }

    public static void createAll(DynamoDbClient ddb, ChatConfig config) {
        Tables.ALL.forEach(t -> create(ddb, config, t));
    }

    public static void create(DynamoDbClient ddb, ChatConfig config, TableDef table) {
        Map<String, KeyAttr> attrs = new LinkedHashMap<>();
        attrs.put(table.partitionKey().name(), table.partitionKey());
        table.sortKeyOpt().ifPresent(k -> attrs.put(k.name(), k));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (IndexDef i : table.globalIndexes()) {
            attrs.put(i.partitionKey().name(), i.partitionKey());
            if (i.sortKey() != null) {
                attrs.put(i.sortKey().name(), i.sortKey());
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName(i.name())
                    .keySchema(keySchema(i.partitionKey(), i.sortKey()))
                    .projection(Projection.builder().projectionType(i.keysOnly() ? ProjectionType.KEYS_ONLY
                            : ProjectionType.ALL).build()).build());
        }
        try {
            ddb.createTable(r -> {
                r.tableName(config.tableName(table)).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(keySchema(table.partitionKey(), table.sortKey()))
                        .attributeDefinitions(attrs.values().stream().map(k -> AttributeDefinition.builder()
                                .attributeName(k.name()).attributeType(ScalarAttributeType.fromValue(k.type().name()))
                                .build()).toList());
                if (!gsis.isEmpty()) {
                    r.globalSecondaryIndexes(gsis);
                }
            });
        } catch (ResourceInUseException exists) {
            // already there
        }
    }

    private static List<KeySchemaElement> keySchema(KeyAttr pk, KeyAttr sk) {
        List<KeySchemaElement> out = new ArrayList<>();
        out.add(KeySchemaElement.builder().attributeName(pk.name()).keyType(KeyType.HASH).build());
        if (sk != null) {
            out.add(KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build());
        }
        return out;
    }
}

package dev.chatline.local.reliability;

import dev.chatline.local.LocalRuntime;
import dev.chatline.schema.TableDef;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads every item under one partition key of any table, strongly consistent: what the harnesses compare. */
final class TableReader implements AutoCloseable {
    private final DynamoDbClient ddb;
    private final LocalRuntime runtime;

    TableReader(LocalRuntime runtime) {
        this.runtime = runtime;
        this.ddb = runtime.awsClients().dynamoDb();
    }

    /** The items of {@code table} whose partition key is {@code key} (a string key). */
    List<Map<String, AttributeValue>> items(TableDef table, String key) {
        return ddb.queryPaginator(r -> r.tableName(runtime.awsClients().config().tableName(table))
                .consistentRead(true).keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", table.partitionKey().name()))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(key)))).items().stream().toList();
    }

    @Override
    public void close() {
        ddb.close();
    }
}

package dev.chatline.local.e2e;

import dev.chatline.connection.ConnectionStore;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.schema.Tables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the {@code connections} table directly with the real {@link DynamoDbClient} (raw rows, expired ones
 * included), so the tests check what the functions stored rather than what the store class returns.
 */
final class ConnectionRows implements AutoCloseable {
    record Row(String connectionId, String userId, String deviceId, long connectedAt, long expiresAt) {
    }

    private final DynamoDbClient ddb;
    private final String table;

    ConnectionRows(LocalRuntimeExtension runtime) {
        this.ddb = runtime.awsClients().dynamoDb();
        this.table = runtime.awsClients().config().tableName(Tables.CONNECTIONS);
    }

    /** Every row of the user (GSI {@code byUser}). */
    List<Row> ofUser(String userId) {
        return ddb.query(r -> r.tableName(table).indexName(Tables.CONNECTIONS.index("byUser").name())
                        .keyConditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", ConnectionStore.USER_ID))
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
                .items().stream().map(ConnectionRows::row).toList();
    }

    /** The only row of the user; fails when there is none or more than one. */
    Row onlyRowOf(String userId) {
        List<Row> rows = ofUser(userId);
        if (rows.size() != 1) {
            throw new AssertionError("expected one connection row of " + userId + ", found " + rows);
        }
        return rows.get(0);
    }

    Optional<Row> get(String connectionId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(ConnectionStore.CONNECTION_ID, AttributeValue.fromS(connectionId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(row(item));
    }

    void delete(String connectionId) {
        ddb.deleteItem(r -> r.tableName(table)
                .key(Map.of(ConnectionStore.CONNECTION_ID, AttributeValue.fromS(connectionId))));
    }

    private static Row row(Map<String, AttributeValue> item) {
        return new Row(item.get(ConnectionStore.CONNECTION_ID).s(), item.get(ConnectionStore.USER_ID).s(),
                item.get(ConnectionStore.DEVICE_ID).s(), Long.parseLong(item.get(ConnectionStore.CONNECTED_AT).n()),
                Long.parseLong(item.get(ConnectionStore.EXPIRES_AT).n()));
    }

    @Override
    public void close() {
        ddb.close();
    }
}

package dev.chatline.connection;

import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The {@code connections} table: one row per open WebSocket connection, keyed by connectionId, found per user
 * through the GSI {@code byUser} (userId, deviceId).
 *
 * <p>Invariants: {@code expiresAt} is epoch seconds; a row whose {@code expiresAt} is not in the future is dead
 * and is never returned, whether or not DynamoDB's TTL has deleted it yet. Reads through {@code byUser} are
 * eventually consistent (a connection that opened milliseconds ago may be missing).
 */
public final class ConnectionStore {
    public static final String CONNECTION_ID = "connectionId";
    public static final String USER_ID = "userId";
    public static final String DEVICE_ID = "deviceId";
    public static final String CONNECTED_AT = "connectedAt";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    private static final String BY_USER = Tables.CONNECTIONS.index("byUser").name();

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public ConnectionStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.CONNECTIONS);
        this.clock = clock;
    }

    /** Writes (or overwrites) a connection row. */
    public void put(ConnectionRecord c) {
        ddb.putItem(r -> r.tableName(table).item(Map.of(
                CONNECTION_ID, s(c.connectionId()),
                USER_ID, s(c.userId()),
                DEVICE_ID, s(c.deviceId()),
                CONNECTED_AT, n(c.connectedAt()),
                EXPIRES_AT, n(c.expiresAt()))));
    }

    /** The live connection with this id (strongly consistent read), empty if absent or expired. */
    public Optional<ConnectionRecord> get(String connectionId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(CONNECTION_ID, s(connectionId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        ConnectionRecord c = fromItem(item);
        return c.isLiveAt(clock.instant()) ? Optional.of(c) : Optional.empty();
    }

    /** Deletes the row of exactly this connection (idempotent). */
    public void delete(String connectionId) {
        ddb.deleteItem(r -> r.tableName(table).key(Map.of(CONNECTION_ID, s(connectionId))));
    }

    /** Every unexpired connection of the user, in deviceId order (GSI, eventually consistent). */
    public List<ConnectionRecord> liveConnections(String userId) {
        return queryLive("#u = :u", Map.of(":u", s(userId)));
    }

    /** Every unexpired connection of one device of the user (GSI, eventually consistent). */
    public List<ConnectionRecord> liveConnections(String userId, String deviceId) {
        return queryLive("#u = :u AND #d = :d", Map.of(":u", s(userId), ":d", s(deviceId)));
    }

    private List<ConnectionRecord> queryLive(String keyCondition, Map<String, AttributeValue> keyValues) {
        long nowSec = clock.instant().getEpochSecond();
        Map<String, AttributeValue> values = new java.util.HashMap<>(keyValues);
        values.put(":now", n(nowSec));
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(BY_USER)
                .keyConditionExpression(keyCondition)
                .filterExpression("#e > :now")
                .expressionAttributeNames(keyCondition.contains("#d")
                        ? Map.of("#u", USER_ID, "#d", DEVICE_ID, "#e", EXPIRES_AT)
                        : Map.of("#u", USER_ID, "#e", EXPIRES_AT))
                .expressionAttributeValues(values);
        return QueryPages.all(ddb, request).stream().map(ConnectionStore::fromItem)
                .filter(c -> c.expiresAt() > nowSec) // the filter already did it; keep the rule local
                .toList();
    }

    private static ConnectionRecord fromItem(Map<String, AttributeValue> item) {
        return new ConnectionRecord(item.get(CONNECTION_ID).s(), item.get(USER_ID).s(), item.get(DEVICE_ID).s(),
                Long.parseLong(item.get(CONNECTED_AT).n()), Long.parseLong(item.get(EXPIRES_AT).n()));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}

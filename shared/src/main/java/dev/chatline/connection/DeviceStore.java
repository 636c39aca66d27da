package dev.chatline.connection;

import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.Identity;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The {@code devices} table: (userId, deviceId) → registeredAt, lastSeenAt (epoch ms).
 *
 * <p>Invariants: a user exists once one of their devices has connected; {@code registeredAt} is written once and
 * never changes; device rows are never deleted by this store.
 */
public final class DeviceStore {
    public static final String USER_ID = "userId";
    public static final String DEVICE_ID = "deviceId";
    public static final String REGISTERED_AT = "registeredAt";
    public static final String LAST_SEEN_AT = "lastSeenAt";

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public DeviceStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.DEVICES);
        this.clock = clock;
    }

    /** Creates the device row on first connect (registeredAt) and refreshes lastSeenAt every time. */
    public void register(Identity identity) {
        ddb.updateItem(r -> r.tableName(table)
                .key(Map.of(USER_ID, AttributeValue.fromS(identity.userId()),
                        DEVICE_ID, AttributeValue.fromS(identity.deviceId())))
                .updateExpression("SET #r = if_not_exists(#r, :now), #l = :now")
                .expressionAttributeNames(Map.of("#r", REGISTERED_AT, "#l", LAST_SEEN_AT))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(
                        Long.toString(clock.millis())))));
    }

    /** The device's {@code lastSeenAt} (epoch ms, its last connect); empty for an unknown device. */
    public java.util.OptionalLong lastSeenAt(String userId, String deviceId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(USER_ID, AttributeValue.fromS(userId), DEVICE_ID, AttributeValue.fromS(deviceId)))
                .projectionExpression("#l").expressionAttributeNames(Map.of("#l", LAST_SEEN_AT))).item();
        AttributeValue v = item == null ? null : item.get(LAST_SEEN_AT);
        return v == null || v.n() == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(Long.parseLong(v.n()));
    }

    /** The user's device ids in order (strongly consistent); empty means the user is unknown. */
    public List<String> deviceIds(String userId) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u")
                .projectionExpression("#d")
                .expressionAttributeNames(Map.of("#u", USER_ID, "#d", DEVICE_ID))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)));
        return QueryPages.all(ddb, request).stream().map(item -> item.get(DEVICE_ID).s()).toList();
    }
}

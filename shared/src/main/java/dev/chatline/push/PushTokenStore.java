package dev.chatline.push;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.auth.DeviceRef;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code push-tokens} table: userId#deviceId → platform, token, updatedAt.
 *
 * <p>Invariants: a device has at most one token (a registration replaces the previous one); a token is deleted
 * only while it is still the device's current token, so a rejection of an old token never removes a newer one.
 */
public final class PushTokenStore {
    public static final String DEVICE_KEY = Tables.PUSH_TOKENS.partitionKey().name();
    public static final String USER_ID = "userId";
    public static final String DEVICE_ID = "deviceId";
    public static final String PLATFORM = "platform";
    public static final String TOKEN = "token";
    public static final String UPDATED_AT = "updatedAt";

    private final DynamoDbClient ddb;
    private final String table;

    public PushTokenStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.PUSH_TOKENS);
    }

    /** Stores the device's token, replacing any previous one. */
    public void put(PushToken t) {
        ddb.putItem(r -> r.tableName(table).item(Map.of(DEVICE_KEY, s(new DeviceRef(t.userId(), t.deviceId()).key()),
                USER_ID, s(t.userId()), DEVICE_ID, s(t.deviceId()),
                PLATFORM, s(t.platform().name().toLowerCase(Locale.ROOT)), TOKEN, s(t.token()),
                UPDATED_AT, n(t.updatedAt()))));
    }

    /** The device's current token, strongly consistent. */
    public Optional<PushToken> get(String userId, String deviceId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(DEVICE_KEY, s(new DeviceRef(userId, deviceId).key())))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PushToken(userId, deviceId,
                PushPlatform.valueOf(str(item, PLATFORM).toUpperCase(Locale.ROOT)), str(item, TOKEN),
                num(item, UPDATED_AT, 0)));
    }

    /** Deletes the device's token only if it still is {@code token}; @return whether it was deleted */
    public boolean deleteIfCurrent(String userId, String deviceId, String token) {
        try {
            ddb.deleteItem(r -> r.tableName(table).key(Map.of(DEVICE_KEY, s(new DeviceRef(userId, deviceId).key())))
                    .conditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", TOKEN))
                    .expressionAttributeValues(Map.of(":t", s(token))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the device's token, whatever it is (the device was unlinked). */
    public void delete(String userId, String deviceId) {
        ddb.deleteItem(r -> r.tableName(table).key(Map.of(DEVICE_KEY, s(new DeviceRef(userId, deviceId).key()))));
    }
}

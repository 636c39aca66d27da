package dev.chatline.push;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code push-windows} table: (userId#deviceId, chatId) → pushedAt (epoch ms), expiresAt (TTL, epoch s).
 *
 * <p>Invariant: {@link #tryOpen} succeeds for at most one caller per (device, chat) until the previous push is
 * older than the caller's threshold, so concurrent push functions never both push the same chat to a device
 * within a window.
 */
public final class PushWindowStore {
    public static final String DEVICE_KEY = Tables.PUSH_WINDOWS.partitionKey().name();
    public static final String CHAT_ID = Tables.PUSH_WINDOWS.sortKey().name();
    public static final String PUSHED_AT = "pushedAt";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final String table;

    public PushWindowStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.PUSH_WINDOWS);
    }

    /**
     * Records a push at {@code now} unless one was recorded at or after {@code threshold} (epoch ms).
     * (Expired rows need no filter here: their pushedAt is older than any threshold.)
     *
     * @return whether the caller may push
     */
    public boolean tryOpen(String userId, String deviceId, String chatId, long now, long threshold,
                           long expiresAtSeconds) {
        try {
            ddb.putItem(r -> r.tableName(table).item(Map.of(DEVICE_KEY, s(PushTokenStore.deviceKey(userId, deviceId)),
                            CHAT_ID, s(chatId), PUSHED_AT, n(now), EXPIRES_AT, n(expiresAtSeconds)))
                    .conditionExpression("attribute_not_exists(#k) OR #p < :threshold")
                    .expressionAttributeNames(Map.of("#k", DEVICE_KEY, "#p", PUSHED_AT))
                    .expressionAttributeValues(Map.of(":threshold", n(threshold))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Undoes {@link #tryOpen} of {@code pushedAt} (the push failed), unless a later push replaced it. */
    public void release(String userId, String deviceId, String chatId, long pushedAt) {
        try {
            ddb.deleteItem(r -> r.tableName(table).key(Map.of(DEVICE_KEY,
                            s(PushTokenStore.deviceKey(userId, deviceId)), CHAT_ID, s(chatId)))
                    .conditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", PUSHED_AT))
                    .expressionAttributeValues(Map.of(":p", n(pushedAt))));
        } catch (ConditionalCheckFailedException e) {
            // a later push owns the window now
        }
    }
}

package dev.chatline.push;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.auth.DeviceRef;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code push-windows} table: (userId#deviceId, chatId) → pushedAt (epoch ms of the last push FCM accepted),
 * claimedUntil (epoch ms: a push function is sending until then), expiresAt (TTL, epoch s).
 *
 * <p>Invariants: {@link #claim} succeeds for at most one caller per (device, chat) at a time, and only when the
 * last <em>confirmed</em> push is older than the caller's threshold, so concurrent push functions never both push
 * the same chat to a device within a window. Only {@link #confirm} — called after FCM accepted the push — moves
 * {@code pushedAt}: a function that dies between claiming and sending leaves just a claim, which stops other
 * pushes for at most its lease, never for the whole window.
 */
public final class PushWindowStore {
    public static final String DEVICE_KEY = Tables.PUSH_WINDOWS.partitionKey().name();
    public static final String CHAT_ID = Tables.PUSH_WINDOWS.sortKey().name();
    public static final String PUSHED_AT = "pushedAt";
    public static final String CLAIMED_UNTIL = "claimedUntil";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final String table;

    public PushWindowStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.PUSH_WINDOWS);
    }

    /**
     * Claims the right to push the chat to the device until {@code claimedUntil} (epoch ms), unless a push was
     * confirmed at or after {@code threshold} or another unexpired claim holds. (Expired rows need no filter: their
     * pushedAt is older than any threshold.)
     *
     * @param now epoch ms; a claim whose lease ended before it no longer holds
     * @param expiresAtSeconds keeps the row at least this long
     * @return whether the caller may push; it then {@link #confirm}s or {@link #release}s with the same lease
     */
    public boolean claim(String userId, String deviceId, String chatId, long now, long threshold, long claimedUntil,
                         long expiresAtSeconds) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(userId, deviceId, chatId))
                    .updateExpression("SET #c = :lease, #e = :exp")
                    .conditionExpression("(attribute_not_exists(#p) OR #p < :threshold)"
                            + " AND (attribute_not_exists(#c) OR #c < :now)")
                    .expressionAttributeNames(Map.of("#p", PUSHED_AT, "#c", CLAIMED_UNTIL, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":lease", n(claimedUntil), ":exp", n(expiresAtSeconds),
                            ":threshold", n(threshold), ":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records that the push claimed with {@code claimedUntil} was accepted at {@code pushedAt}: the window starts.
     * A claim that was taken over after its lease ran out records nothing (the new holder records its own push).
     */
    public void confirm(String userId, String deviceId, String chatId, long claimedUntil, long pushedAt,
                        long expiresAtSeconds) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(userId, deviceId, chatId))
                    .updateExpression("SET #p = :at, #e = :exp REMOVE #c")
                    .conditionExpression("#c = :lease")
                    .expressionAttributeNames(Map.of("#p", PUSHED_AT, "#c", CLAIMED_UNTIL, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":at", n(pushedAt), ":exp", n(expiresAtSeconds),
                            ":lease", n(claimedUntil))));
        } catch (ConditionalCheckFailedException e) {
            // the lease ran out and another push function holds the window now
        }
    }

    /** Gives up the claim (the push failed): the next push may go at once; the last confirmed push stays. */
    public void release(String userId, String deviceId, String chatId, long claimedUntil) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(userId, deviceId, chatId))
                    .updateExpression("REMOVE #c").conditionExpression("#c = :lease")
                    .expressionAttributeNames(Map.of("#c", CLAIMED_UNTIL))
                    .expressionAttributeValues(Map.of(":lease", n(claimedUntil))));
        } catch (ConditionalCheckFailedException e) {
            // a later push owns the window now
        }
    }

    private static Map<String, AttributeValue> key(String userId, String deviceId, String chatId) {
        return Map.of(DEVICE_KEY, s(new DeviceRef(userId, deviceId).key()), CHAT_ID, s(chatId));
    }
}

package dev.chatline.presence;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The {@code presence} table: userId → lastActiveAt (epoch ms), lastSeenVisibility ({@code everyone}/{@code
 * nobody}), groupAdd ({@link GroupAddPrivacy}; absent = the deployment's default). Whether a user is online is not
 * stored here: it is derived from live connections. A missing row means "never active, visible to everyone".
 * The row holds the user's privacy settings because the {@code settings} action already writes it.
 */
public final class PresenceStore {
    public static final String USER_ID = "userId";
    public static final String LAST_ACTIVE_AT = "lastActiveAt";
    public static final String LAST_SEEN_VISIBILITY = "lastSeenVisibility";
    public static final String GROUP_ADD = "groupAdd";

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;

    public PresenceStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.batch = new DynamoBatch(ddb);
        this.table = config.tableName(Tables.PRESENCE);
    }

    /** Stores who may add the user to groups without an invitation. */
    public void setGroupAdd(String userId, GroupAddPrivacy privacy) {
        ddb.updateItem(r -> r.tableName(table).key(Map.of(USER_ID, AttributeValue.fromS(userId)))
                .updateExpression("SET #g = :v").expressionAttributeNames(Map.of("#g", GROUP_ADD))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(privacy.wire()))));
    }

    /** The stored group-add setting of each user (users who never set one are absent); one batch read. */
    public Map<String, GroupAddPrivacy> groupAddOf(Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = userIds.stream().distinct()
                .map(u -> Map.of(USER_ID, AttributeValue.fromS(u))).toList();
        Map<String, GroupAddPrivacy> out = new HashMap<>();
        batch.get(table, keys, false, "#u, #g", Map.of("#u", USER_ID, "#g", GROUP_ADD)).forEach(item -> {
            AttributeValue v = item.get(GROUP_ADD);
            if (v != null) {
                GroupAddPrivacy.parse(v.s()).ifPresent(p -> out.put(item.get(USER_ID).s(), p));
            }
        });
        return out;
    }

    /** Records activity at {@code nowMs} and returns the updated record. */
    public PresenceRecord touch(String userId, long nowMs) {
        Map<String, AttributeValue> item = ddb.updateItem(r -> r.tableName(table)
                .key(Map.of(USER_ID, AttributeValue.fromS(userId)))
                .updateExpression("SET #a = :v")
                .expressionAttributeNames(Map.of("#a", LAST_ACTIVE_AT))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(nowMs))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return fromItem(userId, item);
    }

    /** Stores the user's last seen visibility and returns the previous one. */
    public LastSeenVisibility setVisibility(String userId, LastSeenVisibility visibility) {
        Map<String, AttributeValue> old = ddb.updateItem(r -> r.tableName(table)
                .key(Map.of(USER_ID, AttributeValue.fromS(userId)))
                .updateExpression("SET #a = :v")
                .expressionAttributeNames(Map.of("#a", LAST_SEEN_VISIBILITY))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(visibility.wire())))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        AttributeValue previous = old == null ? null : old.get(LAST_SEEN_VISIBILITY);
        return LastSeenVisibility.fromStored(previous == null ? null : previous.s());
    }

    /** The stored record (strongly consistent), or {@link PresenceRecord#unknown} when there is none. */
    public PresenceRecord get(String userId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(USER_ID, AttributeValue.fromS(userId)))).item();
        return item == null || item.isEmpty() ? PresenceRecord.unknown(userId) : fromItem(userId, item);
    }

    private static PresenceRecord fromItem(String userId, Map<String, AttributeValue> item) {
        AttributeValue active = item.get(LAST_ACTIVE_AT);
        AttributeValue visibility = item.get(LAST_SEEN_VISIBILITY);
        return new PresenceRecord(userId, active == null ? null : Long.parseLong(active.n()),
                LastSeenVisibility.fromStored(visibility == null ? null : visibility.s()));
    }
}

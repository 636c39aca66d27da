package dev.chatline.presence;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code presence-subscriptions} table: (targetUserId, connectionId) → subscriberUserId, expiresAt (epoch s).
 *
 * <p>Invariant: a subscription never outlives the subscriber connection's maximum lifetime (its expiresAt); rows
 * past expiresAt are never returned. A returned row may still name a connection that closed earlier: callers
 * check the connection before posting.
 */
public final class PresenceSubscriptionStore {
    public static final String TARGET_USER_ID = "targetUserId";
    public static final String CONNECTION_ID = "connectionId";
    public static final String SUBSCRIBER_USER_ID = "subscriberUserId";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public PresenceSubscriptionStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = new DynamoBatch(ddb);
        this.table = config.tableName(Tables.PRESENCE_SUBSCRIPTIONS);
        this.clock = clock;
    }

    /** Writes (or renews) the subscriptions (batched, idempotent). */
    public void putAll(List<PresenceSubscription> subscriptions) {
        batch.write(table, subscriptions.stream().map(s -> WriteRequest.builder().putRequest(p -> p.item(Map.of(
                TARGET_USER_ID, AttributeValue.fromS(s.targetUserId()),
                CONNECTION_ID, AttributeValue.fromS(s.connectionId()),
                SUBSCRIBER_USER_ID, AttributeValue.fromS(s.subscriberUserId()),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(s.expiresAt()))))).build()).toList());
    }

    /** Unexpired subscriptions to {@code targetUserId} (strongly consistent). */
    public List<PresenceSubscription> subscriptionsTo(String targetUserId) {
        long nowSec = clock.instant().getEpochSecond();
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#t = :t")
                .filterExpression("#e > :now")
                .expressionAttributeNames(Map.of("#t", TARGET_USER_ID, "#e", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(targetUserId),
                        ":now", AttributeValue.fromN(Long.toString(nowSec))));
        List<PresenceSubscription> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : QueryPages.all(ddb, request)) {
            long expiresAt = Long.parseLong(item.get(EXPIRES_AT).n());
            if (expiresAt > nowSec) {
                out.add(new PresenceSubscription(targetUserId, item.get(CONNECTION_ID).s(),
                        item.get(SUBSCRIBER_USER_ID).s(), expiresAt));
            }
        }
        return out;
    }
}

package dev.chatline.presence;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code presence-subscribers} table: (targetUserId, subscriberUserId) → expiresAt (epoch s).
 *
 * <p>Invariants: at most one row per (target, subscriber) pair — subscribing again only moves its expiry, so a
 * subscriber's reconnects never add rows; rows past expiresAt are never returned. Reads are bounded by the caller:
 * {@link #anySubscriber} reads one item, {@link #subscribers} at most {@code limit}.
 */
public final class PresenceSubscriptionStore {
    public static final String TARGET_USER_ID = Tables.PRESENCE_SUBSCRIBERS.partitionKey().name();
    public static final String SUBSCRIBER_USER_ID = Tables.PRESENCE_SUBSCRIBERS.sortKey().name();
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public PresenceSubscriptionStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = new DynamoBatch(ddb);
        this.table = config.tableName(Tables.PRESENCE_SUBSCRIBERS);
        this.clock = clock;
    }

    /** Writes (or renews) the subscriptions (batched, idempotent). */
    public void putAll(List<PresenceSubscription> subscriptions) {
        batch.write(table, subscriptions.stream().map(sub -> WriteRequest.builder().putRequest(p -> p.item(Map.of(
                TARGET_USER_ID, s(sub.targetUserId()),
                SUBSCRIBER_USER_ID, s(sub.subscriberUserId()),
                EXPIRES_AT, n(sub.expiresAt())))).build()).toList());
    }

    /**
     * Whether the user may have an unexpired subscriber: one Query reading a single item (an expired first row
     * still answers true when more rows follow). What {@code $connect} asks before queueing a notification.
     */
    public boolean anySubscriber(String targetUserId) {
        QueryResponse r = ddb.query(q -> q.tableName(table).keyConditionExpression("#t = :t")
                .filterExpression("#e > :now").limit(1).select(Select.COUNT)
                .expressionAttributeNames(Map.of("#t", TARGET_USER_ID, "#e", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":t", s(targetUserId), ":now", n(nowSeconds()))));
        return r.count() > 0 || (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty());
    }

    /**
     * The unexpired subscribers of {@code targetUserId} among the first {@code limit} rows (strongly consistent,
     * one Query: the bound on one notification's work).
     */
    public List<String> subscribers(String targetUserId, int limit) {
        long now = nowSeconds();
        List<String> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int read = 0;
        do {
            Map<String, AttributeValue> from = start;
            int pageLimit = limit - read;
            QueryResponse r = ddb.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("#t = :t").filterExpression("#e > :now").limit(pageLimit)
                    .expressionAttributeNames(Map.of("#t", TARGET_USER_ID, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":t", s(targetUserId), ":now", n(now)))
                    .exclusiveStartKey(from));
            read += r.scannedCount();
            r.items().stream().filter(item -> Long.parseLong(item.get(EXPIRES_AT).n()) > now)
                    .forEach(item -> out.add(item.get(SUBSCRIBER_USER_ID).s()));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && read < limit);
        return out;
    }

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}

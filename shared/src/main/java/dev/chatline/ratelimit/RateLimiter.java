package dev.chatline.ratelimit;

import dev.chatline.config.ChatConfig;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fixed-window rate limiter on the {@code rate-limits} table: one row per (key, window length, window start),
 * incremented by a conditional {@code ADD} that fails once the window holds {@code permits}. One DynamoDB write per
 * acquisition; the row expires (TTL, epoch s) at the end of its window.
 *
 * <p>Invariant: at most {@code permits} acquisitions succeed per key and window. A refused acquisition does not
 * count. Fixed windows allow up to twice the rate across a window boundary, which is acceptable for abuse control.
 */
public final class RateLimiter {
    public static final String BUCKET_KEY = "bucketKey";
    public static final String COUNT = "count";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;
    private final Metrics metrics;

    public RateLimiter(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this(ddb, config, clock, Metrics.NOOP);
    }

    /** @param metrics counts {@value Metrics#RATE_LIMITED} */
    public RateLimiter(DynamoDbClient ddb, ChatConfig config, Clock clock, Metrics metrics) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.RATE_LIMITS);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Takes one permit for {@code key} (e.g. {@code presenceSubscribe#alice}).
     *
     * @throws ProtocolException {@link ErrorCode#RATE_LIMITED} with the milliseconds until the window ends
     */
    public void acquire(String key, RateLimit limit) {
        acquire(key, limit, 1);
    }

    /**
     * Takes {@code count} permits at once (e.g. one per invitation a request sends): all of them, or none.
     *
     * @throws ProtocolException {@link ErrorCode#RATE_LIMITED} with the milliseconds until the window ends
     */
    public void acquire(String key, RateLimit limit, int count) {
        if (count > limit.permits()) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "at most " + limit.permits() + " per "
                    + limit.window().toSeconds() + " s", limit.window().toMillis());
        }
        long nowMs = clock.millis();
        long windowMs = limit.window().toMillis();
        long windowStart = Math.floorDiv(nowMs, windowMs) * windowMs;
        long windowEnd = windowStart + windowMs;
        String bucketKey = key + "#" + limit.window().toSeconds() + "#" + windowStart / 1000;
        try {
            ddb.updateItem(r -> r.tableName(table)
                    .key(Map.of(BUCKET_KEY, AttributeValue.fromS(bucketKey)))
                    .updateExpression("ADD #c :one SET #e = :end")
                    .conditionExpression("attribute_not_exists(#c) OR #c <= :permits")
                    .expressionAttributeNames(Map.of("#c", COUNT, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":one", AttributeValue.fromN(Integer.toString(count)),
                            ":permits", AttributeValue.fromN(Integer.toString(limit.permits() - count)),
                            ":end", AttributeValue.fromN(Long.toString(Math.floorDiv(windowEnd + 999, 1000))))));
        } catch (ConditionalCheckFailedException e) {
            metrics.count(Metrics.RATE_LIMITED);
            throw new ProtocolException(ErrorCode.RATE_LIMITED,
                    "rate limit of " + limit.permits() + " per " + limit.window().toSeconds() + " s exceeded",
                    Math.max(1, windowEnd - nowMs));
        }
    }
}

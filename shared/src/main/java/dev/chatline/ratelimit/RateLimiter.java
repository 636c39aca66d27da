package dev.chatline.ratelimit;

import dev.chatline.config.ChatConfig;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fixed-window rate limiter on the {@code rate-limits} table: one row per (key, window length, window start),
 * incremented by a conditional {@code ADD} that fails once the window holds {@code permits}. One DynamoDB write per
 * acquisition; the row expires (TTL, epoch s) at the end of its window. A weighted {@link #take} counts units
 * (e.g. bytes of a daily quota) the same way.
 *
 * <p>Invariant: at most {@code permits} units are taken per key and window. A refused acquisition does not count.
 * Fixed windows allow up to twice the rate across a window boundary, which is acceptable for abuse control.
 *
 * <p>A refusal is remembered by this instance until its window ends (at most {@value #REMEMBERED_REFUSALS} windows,
 * least recently used first out): a window that refused an amount refuses it (and anything larger) until it ends,
 * since counts only grow. So a client hammering past its limit costs one DynamoDB write per warm instance and
 * window, not one per request.
 */
public final class RateLimiter {
    public static final String BUCKET_KEY = "bucketKey";
    public static final String COUNT = "count";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    static final int REMEMBERED_REFUSALS = 10_000;

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;
    private final Metrics metrics;
    /** Bucket row key (window included) → the smallest amount it refused. */
    private final Map<String, Long> refused = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    };

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
        long retryAfterMs = take(key, count, limit);
        if (retryAfterMs > 0) {
            throw rateLimited(limit, retryAfterMs);
        }
    }

    /**
     * Refuses at once, without any call, when this instance already saw the current window of {@code key} refuse;
     * otherwise does nothing (a later {@link #acquire} decides). Lets a caller skip work it would start beside the
     * acquisition.
     *
     * @throws ProtocolException {@link ErrorCode#RATE_LIMITED}
     */
    public void refuseIfKnownFull(String key, RateLimit limit) {
        Window w = window(key, limit);
        if (knownRefused(w.bucketKey, 1)) {
            metrics.count(Metrics.RATE_LIMITED);
            throw rateLimited(limit, w.untilEnd());
        }
    }

    /**
     * Takes one permit for {@code key} if the window has one left; false otherwise (nothing taken, and not counted as
     * {@value Metrics#RATE_LIMITED}: for limits that degrade an answer rather than refuse a request).
     */
    public boolean tryAcquire(String key, RateLimit limit) {
        return attempt(key, 1, limit) == 0;
    }

    /**
     * Takes {@code amount} units of {@code key}'s window if they fit.
     *
     * @return 0 when taken; else the milliseconds until the window ends (nothing taken), and
     *         {@value Metrics#RATE_LIMITED} is counted
     */
    public long take(String key, long amount, RateLimit limit) {
        long retryAfterMs = attempt(key, amount, limit);
        if (retryAfterMs > 0) {
            metrics.count(Metrics.RATE_LIMITED);
        }
        return retryAfterMs;
    }

    private long attempt(String key, long amount, RateLimit limit) {
        Window w = window(key, limit);
        if (amount > limit.permits() || knownRefused(w.bucketKey, amount)) {
            return w.untilEnd();
        }
        try {
            ddb.updateItem(r -> r.tableName(table)
                    .key(Map.of(BUCKET_KEY, AttributeValue.fromS(w.bucketKey)))
                    .updateExpression("ADD #c :amount SET #e = :end")
                    .conditionExpression("attribute_not_exists(#c) OR #c <= :most")
                    .expressionAttributeNames(Map.of("#c", COUNT, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":amount", AttributeValue.fromN(Long.toString(amount)),
                            ":most", AttributeValue.fromN(Long.toString(limit.permits() - amount)),
                            ":end", AttributeValue.fromN(Long.toString(Math.floorDiv(w.end + 999, 1000))))));
            return 0;
        } catch (ConditionalCheckFailedException e) {
            synchronized (refused) {
                refused.merge(w.bucketKey, amount, Math::min);
            }
            return w.untilEnd();
        }
    }

    private boolean knownRefused(String bucketKey, long amount) {
        synchronized (refused) {
            Long smallest = refused.get(bucketKey);
            return smallest != null && amount >= smallest;
        }
    }

    private Window window(String key, RateLimit limit) {
        long now = clock.millis();
        long windowMs = limit.window().toMillis();
        long start = Math.floorDiv(now, windowMs) * windowMs;
        return new Window(key + "#" + limit.window().toSeconds() + "#" + start / 1000, now, start + windowMs);
    }

    private static ProtocolException rateLimited(RateLimit limit, long retryAfterMs) {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "rate limit of " + limit.permits() + " per " + limit.window().toSeconds() + " s exceeded",
                retryAfterMs);
    }

    /** A key's current window: its row key, now and its end (epoch ms). */
    private record Window(String bucketKey, long now, long end) {
        long untilEnd() {
            return Math.max(1, end - now);
        }
    }
}

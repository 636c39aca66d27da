package dev.chatline.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one place that calls {@code BatchWriteItem} and {@code BatchGetItem}: splits the requests into chunks of
 * {@value #MAX_WRITE_CHUNK} writes / {@value #MAX_GET_CHUNK} keys and retries {@code UnprocessedItems} /
 * {@code UnprocessedKeys} with its {@link Backoff} (full jitter), for at most {@code maxAttempts} calls per chunk.
 *
 * <p>Invariant: a call returns normally only when every write was applied / every key was read; otherwise it throws
 * {@link IncompleteBatchException} (the writes already applied stay applied, so batch writes must be idempotent).
 */
public final class DynamoBatch {
    public static final int MAX_WRITE_CHUNK = 25;
    public static final int MAX_GET_CHUNK = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DynamoBatch.class);

    /** Thrown when unprocessed items remain after the last attempt. */
    public static final class IncompleteBatchException extends RuntimeException {
        public IncompleteBatchException(String message) {
            super(message);
        }
    }

    private final DynamoDbClient ddb;
    private final Backoff backoff;

    /** 8 attempts, full-jitter backoff from 25 ms doubling up to 1 s. */
    public DynamoBatch(DynamoDbClient ddb) {
        this(ddb, Backoff.fullJitter(8, Duration.ofMillis(25), Duration.ofSeconds(1)));
    }

    public DynamoBatch(DynamoDbClient ddb, Backoff backoff) {
        this.ddb = ddb;
        this.backoff = backoff;
    }

    /** Applies every put/delete to {@code table}, in chunks of 25. */
    public void write(String table, List<WriteRequest> writes) {
        write(List.of(new TableWrites(table, writes)));
    }

    /**
     * Applies the writes of several tables, in requests of at most 25 writes that may span tables (so a message's
     * inbox rows and its receipt header are one call).
     */
    public void write(List<TableWrites> tables) {
        List<Map.Entry<String, WriteRequest>> all = new ArrayList<>();
        tables.forEach(t -> t.writes().forEach(w -> all.add(Map.entry(t.table(), w))));
        for (int from = 0; from < all.size(); from += MAX_WRITE_CHUNK) {
            Map<String, List<WriteRequest>> pending = new java.util.LinkedHashMap<>();
            all.subList(from, Math.min(all.size(), from + MAX_WRITE_CHUNK)).forEach(e ->
                    pending.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            String names = String.join(",", pending.keySet());
            Map<String, List<WriteRequest>> next = pending;
            for (int attempt = 1; ; attempt++) {
                Map<String, List<WriteRequest>> request = next;
                BatchWriteItemResponse response = ddb.batchWriteItem(r -> r.requestItems(request));
                next = response.hasUnprocessedItems() ? withoutEmpty(response.unprocessedItems()) : Map.of();
                if (next.isEmpty()) {
                    break;
                }
                retryOrFail(attempt, "BatchWriteItem", names, next.values().stream().mapToInt(List::size).sum());
            }
        }
    }

    /**
     * Reads the items with these keys from {@code table}, in chunks of 100; missing items are simply absent from
     * the result, which is in no particular order.
     *
     * @param consistentRead strongly consistent reads (twice the cost)
     * @param projection projection expression, or null for all attributes
     * @param names expression attribute names used by the projection (may be empty)
     */
    public List<Map<String, AttributeValue>> get(String table, List<Map<String, AttributeValue>> keys,
                                                 boolean consistentRead, String projection,
                                                 Map<String, String> names) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_GET_CHUNK) {
            KeysAndAttributes.Builder ka = KeysAndAttributes.builder().consistentRead(consistentRead)
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_GET_CHUNK)));
            if (projection != null) {
                ka.projectionExpression(projection);
                if (!names.isEmpty()) {
                    ka.expressionAttributeNames(names);
                }
            }
            Map<String, KeysAndAttributes> pending = Map.of(table, ka.build());
            for (int attempt = 1; ; attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = ddb.batchGetItem(r -> r.requestItems(request));
                if (response.hasResponses()) {
                    out.addAll(response.responses().getOrDefault(table, List.of()));
                }
                pending = new HashMap<>();
                if (response.hasUnprocessedKeys()) {
                    for (Map.Entry<String, KeysAndAttributes> e : response.unprocessedKeys().entrySet()) {
                        if (e.getValue().hasKeys() && !e.getValue().keys().isEmpty()) {
                            pending.put(e.getKey(), e.getValue());
                        }
                    }
                }
                if (pending.isEmpty()) {
                    break;
                }
                retryOrFail(attempt, "BatchGetItem", table,
                        pending.values().stream().mapToInt(k -> k.keys().size()).sum());
            }
        }
        return out;
    }

    private void retryOrFail(int attempt, String operation, String table, int remaining) {
        boolean retry;
        try {
            retry = backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncompleteBatchException(operation + " on " + table + " interrupted");
        }
        if (!retry) {
            throw new IncompleteBatchException(operation + " on " + table + " left " + remaining
                    + " items unprocessed after " + attempt + " attempts");
        }
        LOG.debug("{} on {}: {} unprocessed, retrying (attempt {})", operation, table, remaining, attempt + 1);
    }

    private static Map<String, List<WriteRequest>> withoutEmpty(Map<String, List<WriteRequest>> m) {
        Map<String, List<WriteRequest>> out = new HashMap<>();
        m.forEach((t, w) -> {
            if (w != null && !w.isEmpty()) {
                out.put(t, w);
            }
        });
        return out;
    }
}

package dev.chatline.local.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB write and read request units of every call, computed from item sizes by DynamoDB's documented rules,
 * because moto 5.2.1 does not compute them: asked for {@code ReturnConsumedCapacity=TOTAL} it answers a constant per
 * call (1.0 for PutItem, Query, DeleteItem; 0.5 for GetItem and UpdateItem whatever the size or consistency; the
 * number of items for batches) and nothing for TransactWriteItems. Its figure is still summed, for reference.
 *
 * <p>Rules: a write is 1 unit per started KB of the larger of the old and the new item (at least 1), transactional
 * ×2; a read 1 unit per started 4 KB, eventually consistent ×½; a Query is billed on the sum of the items it read
 * (scaled up by ScannedCount/Count when a filter dropped items). A conditional write that fails costs 1 unit per KB
 * of the old item. Old items come from {@code ReturnValues} when the caller asked for them, else from
 * {@link ItemShadow}. To know the new size of an UpdateItem without ReturnValues the request is sent with ALL_NEW and
 * the attributes are removed from the response again. Approximations: the new size of an update inside a
 * transaction (old size, or key + values when new), and of UpdateItem with UPDATED_* (old size or what came back).
 */
final class CapacityMeter {
    private static final double WRITE_UNIT = 1024.0;
    private static final double READ_UNIT = 4096.0;

    private final ItemShadow shadow = new ItemShadow();
    /** Units by physical table name. */
    private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
    private final DoubleAdder motoReported = new DoubleAdder();

    /** The request to send: asks for consumed capacity, and for ALL_NEW on an UpdateItem that wanted nothing back. */
    SdkRequest prepare(SdkRequest request) {
        if (request instanceof UpdateItemRequest u) {
            UpdateItemRequest.Builder b = u.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            return wantsNothing(u) ? b.returnValues(ReturnValue.ALL_NEW).build() : b.build();
        } else if (request instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof BatchGetItemRequest bg) {
            return bg.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof BatchWriteItemRequest bw) {
            return bw.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof TransactWriteItemsRequest tw) {
            return tw.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    /** Accounts one successful call; returns the response as the caller asked for it. */
    SdkResponse account(SdkRequest original, SdkResponse response) {
        if (response instanceof PutItemResponse r && original instanceof PutItemRequest q) {
            reported(r.consumedCapacity());
            int old = r.hasAttributes() ? ItemSize.of(r.attributes()) : shadow.size(q.tableName(), key(q));
            write(q.tableName(), writeUnits(Math.max(old, ItemSize.of(q.item()))));
            shadow.rememberItem(q.tableName(), q.item());
        } else if (response instanceof UpdateItemResponse r && original instanceof UpdateItemRequest q) {
            reported(r.consumedCapacity());
            return update(q, r);
        } else if (response instanceof DeleteItemResponse r && original instanceof DeleteItemRequest q) {
            reported(r.consumedCapacity());
            int old = r.hasAttributes() ? ItemSize.of(r.attributes()) : shadow.size(q.tableName(), q.key());
            write(q.tableName(), writeUnits(old));
            shadow.forget(q.tableName(), q.key());
        } else if (response instanceof GetItemResponse r && original instanceof GetItemRequest q) {
            reported(r.consumedCapacity());
            int size = r.hasItem() ? Math.max(ItemSize.of(r.item()), shadow.size(q.tableName(), q.key())) : 0;
            read(q.tableName(), readUnits(size, Boolean.TRUE.equals(q.consistentRead())));
        } else if (response instanceof QueryResponse r && original instanceof QueryRequest q) {
            reported(r.consumedCapacity());
            query(q, r);
        } else if (response instanceof BatchGetItemResponse r && original instanceof BatchGetItemRequest q) {
            r.consumedCapacity().forEach(this::reported);
            batchGet(q, r);
        } else if (response instanceof BatchWriteItemResponse r && original instanceof BatchWriteItemRequest q) {
            r.consumedCapacity().forEach(this::reported);
            batchWrite(q, r);
        } else if (original instanceof TransactWriteItemsRequest q) {
            q.transactItems().forEach(item -> write(tableOf(item), 2 * transactWrite(item)));
        }
        return response;
    }

    /** A conditional write that failed is billed too (on the old item, at least 1 unit). */
    void failed(SdkRequest original) {
        if (original instanceof PutItemRequest q) {
            write(q.tableName(), writeUnits(shadow.size(q.tableName(), key(q))));
        } else if (original instanceof UpdateItemRequest q) {
            write(q.tableName(), writeUnits(shadow.size(q.tableName(), q.key())));
        } else if (original instanceof DeleteItemRequest q) {
            write(q.tableName(), writeUnits(shadow.size(q.tableName(), q.key())));
        }
    }

    double writeUnits() {
        return writeUnits.values().stream().mapToDouble(DoubleAdder::sum).sum();
    }

    double readUnits() {
        return readUnits.values().stream().mapToDouble(DoubleAdder::sum).sum();
    }

    /** Write units by physical table name. */
    Map<String, Double> writeUnitsByTable() {
        return byTable(writeUnits);
    }

    /** Read units by physical table name. */
    Map<String, Double> readUnitsByTable() {
        return byTable(readUnits);
    }

    private static Map<String, Double> byTable(Map<String, DoubleAdder> units) {
        Map<String, Double> out = new TreeMap<>();
        units.forEach((table, sum) -> out.put(table, sum.sum()));
        return out;
    }

    private void write(String table, double units) {
        writeUnits.computeIfAbsent(table, t -> new DoubleAdder()).add(units);
    }

    private void read(String table, double units) {
        readUnits.computeIfAbsent(table, t -> new DoubleAdder()).add(units);
    }

    /** What moto answered in ConsumedCapacity (constants, not item-size based): for comparison only. */
    double motoReportedUnits() {
        return motoReported.sum();
    }

    void reset() {
        writeUnits.clear();
        readUnits.clear();
        motoReported.reset();
    }

    private SdkResponse update(UpdateItemRequest q, UpdateItemResponse r) {
        boolean forced = wantsNothing(q);
        ReturnValue asked = forced ? ReturnValue.ALL_NEW : q.returnValues();
        int known = shadow.size(q.tableName(), q.key());
        int returned = r.hasAttributes() ? ItemSize.of(r.attributes()) : 0;
        int old = asked == ReturnValue.ALL_OLD ? returned : known;
        int now = asked == ReturnValue.ALL_NEW ? returned
                : Math.max(old, ItemSize.of(q.key()) + returned);
        write(q.tableName(), writeUnits(Math.max(old, now)));
        shadow.remember(q.tableName(), q.key(), now);
        return forced ? r.toBuilder().attributes(null).build() : r;
    }

    private void query(QueryRequest q, QueryResponse r) {
        double bytes = r.items().stream().mapToInt(i -> shadow.fullSize(q.tableName(), i)).sum();
        if (r.count() != null && r.scannedCount() != null && r.count() > 0 && r.scannedCount() > r.count()) {
            bytes = bytes * r.scannedCount() / r.count();
        }
        read(q.tableName(), readUnits(bytes, Boolean.TRUE.equals(q.consistentRead())));
    }

    private void batchGet(BatchGetItemRequest q, BatchGetItemResponse r) {
        q.requestItems().forEach((table, keys) -> {
            boolean consistent = Boolean.TRUE.equals(keys.consistentRead());
            List<Map<String, AttributeValue>> items = r.responses().getOrDefault(table, List.of());
            items.forEach(i -> read(table, readUnits(shadow.fullSize(table, i), consistent)));
            KeysAndAttributes unprocessed = r.unprocessedKeys().get(table);
            int missing = keys.keys().size() - items.size() - (unprocessed == null ? 0 : unprocessed.keys().size());
            read(table, Math.max(0, missing) * readUnits(0, consistent));
        });
    }

    private void batchWrite(BatchWriteItemRequest q, BatchWriteItemResponse r) {
        q.requestItems().forEach((table, writes) -> {
            Set<WriteRequest> unprocessed = new HashSet<>(r.unprocessedItems().getOrDefault(table, List.of()));
            for (WriteRequest w : writes) {
                if (unprocessed.contains(w)) {
                    continue;
                }
                if (w.putRequest() != null) {
                    Map<String, AttributeValue> item = w.putRequest().item();
                    int old = ItemShadow.keyOf(table, item).map(k -> shadow.size(table, k)).orElse(0);
                    write(table, writeUnits(Math.max(old, ItemSize.of(item))));
                    shadow.rememberItem(table, item);
                } else if (w.deleteRequest() != null) {
                    write(table, writeUnits(shadow.size(table, w.deleteRequest().key())));
                    shadow.forget(table, w.deleteRequest().key());
                }
            }
        });
    }

    /** Units of one item of a transaction, before the ×2. */
    private double transactWrite(TransactWriteItem item) {
        if (item.put() != null) {
            String table = item.put().tableName();
            Map<String, AttributeValue> newItem = item.put().item();
            int old = ItemShadow.keyOf(table, newItem).map(k -> shadow.size(table, k)).orElse(0);
            shadow.rememberItem(table, newItem);
            return writeUnits(Math.max(old, ItemSize.of(newItem)));
        } else if (item.update() != null) {
            String table = item.update().tableName();
            int old = shadow.size(table, item.update().key());
            Map<String, AttributeValue> values = item.update().expressionAttributeValues();
            int now = Math.max(old, ItemSize.of(item.update().key())
                    + (values == null ? 0 : ItemSize.ofValues(values.values())));
            shadow.remember(table, item.update().key(), now);
            return writeUnits(now);
        } else if (item.delete() != null) {
            int old = shadow.size(item.delete().tableName(), item.delete().key());
            shadow.forget(item.delete().tableName(), item.delete().key());
            return writeUnits(old);
        } else if (item.conditionCheck() != null) {
            return writeUnits(shadow.size(item.conditionCheck().tableName(), item.conditionCheck().key()));
        }
        return 0;
    }

    private static String tableOf(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        } else if (item.update() != null) {
            return item.update().tableName();
        } else if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.conditionCheck() == null ? "?" : item.conditionCheck().tableName();
    }

    private static boolean wantsNothing(UpdateItemRequest u) {
        return u.returnValues() == null || u.returnValues() == ReturnValue.NONE;
    }

    private static Map<String, AttributeValue> key(PutItemRequest q) {
        return ItemShadow.keyOf(q.tableName(), q.item()).orElse(null);
    }

    private static double writeUnits(double bytes) {
        return Math.max(1, Math.ceil(bytes / WRITE_UNIT));
    }

    private static double readUnits(double bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / READ_UNIT));
        return consistent ? units : units / 2;
    }

    private void reported(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            motoReported.add(c.capacityUnits());
        }
    }
}

package dev.chatline.local.bench;

import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The last known size of every item written or read through the SDK in this JVM, by table and primary key: what
 * an update or delete is billed on when the response does not carry the old item (DynamoDB bills a write on the
 * larger of the old and the new item), and the full size of an item read with a projection. Key layouts come from
 * {@link Tables} (physical names end with the logical name). Items written before the JVM started are unknown (0).
 */
final class ItemShadow {
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

    int size(String table, Map<String, AttributeValue> key) {
        return key == null ? 0 : sizes.getOrDefault(id(table, key), 0);
    }

    /** The larger of {@code item}'s own size and the last known size of the full item with its key. */
    int fullSize(String table, Map<String, AttributeValue> item) {
        int own = ItemSize.of(item);
        return keyOf(table, item).map(k -> Math.max(own, size(table, k))).orElse(own);
    }

    void remember(String table, Map<String, AttributeValue> key, int size) {
        if (key != null && !key.isEmpty()) {
            sizes.put(id(table, key), size);
        }
    }

    void rememberItem(String table, Map<String, AttributeValue> item) {
        keyOf(table, item).ifPresent(k -> remember(table, k, ItemSize.of(item)));
    }

    void forget(String table, Map<String, AttributeValue> key) {
        if (key != null) {
            sizes.remove(id(table, key));
        }
    }

    /** The primary key attributes of a full item, when the table is one of {@link Tables#ALL}. */
    static Optional<Map<String, AttributeValue>> keyOf(String table, Map<String, AttributeValue> item) {
        return definition(table).flatMap(def -> {
            Map<String, AttributeValue> key = new TreeMap<>();
            AttributeValue pk = item.get(def.partitionKey().name());
            if (pk == null) {
                return Optional.empty();
            }
            key.put(def.partitionKey().name(), pk);
            def.sortKeyOpt().map(sk -> item.get(sk.name())).ifPresent(v -> key.put(def.sortKey().name(), v));
            return Optional.of(key);
        });
    }

    private static Optional<TableDef> definition(String physicalName) {
        return Tables.ALL.stream().filter(t -> physicalName.endsWith("-" + t.logicalName()))
                .max(Comparator.comparingInt(t -> t.logicalName().length()));
    }

    private static String id(String table, Map<String, AttributeValue> key) {
        return table + "|" + new TreeMap<>(key);
    }
}

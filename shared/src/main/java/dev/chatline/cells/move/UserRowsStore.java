package dev.chatline.cells.move;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A user's own rows in one cell's tables, for moving the user to another cell ({@link UserMove}): the tables
 * partitioned by the user ({@link #BY_USER}: devices with the account row, device keys, contacts, group
 * memberships, presence settings) and by one of the user's devices ({@link #BY_DEVICE}: inbox, one-time prekeys,
 * push tokens; the devices are the sort keys of the user's {@code devices} partition). The only store that reads
 * several tables: it copies items verbatim and never interprets them, so each table's own store keeps its layout.
 *
 * <p>Invariant: a copy is a put of the same item (same key), so copying twice leaves the same rows; a delete
 * removes exactly the items a query of the user's partitions returns at that moment.
 */
public final class UserRowsStore {
    /** Tables whose partition key is the user id. */
    public static final List<TableDef> BY_USER = List.of(Tables.DEVICES, Tables.DEVICE_KEYS, Tables.CONTACTS,
            Tables.GROUP_USERS, Tables.PRESENCE);
    /** Tables whose partition key is a device key ({@code userId#deviceId}). */
    public static final List<TableDef> BY_DEVICE = List.of(Tables.INBOX, Tables.ONE_TIME_EC_PREKEYS,
            Tables.ONE_TIME_KEM_PREKEYS, Tables.PUSH_TOKENS);

    /** Every table a move copies. */
    public static final List<TableDef> ALL = Stream.concat(BY_USER.stream(), BY_DEVICE.stream()).toList();
    /**
     * The tables a move moves item by item ({@link #move}), before its switch and again after it: the inbox, the
     * one table other cells' routers still write for the user in the old cell while they cache its old home. Moving
     * (not copying) means a second pass takes only what arrived since, so an entry the device acknowledged in the
     * new cell meanwhile is not brought back.
     */
    public static final List<TableDef> MOVED = List.of(Tables.INBOX);
    /** The tables a move copies once, before its switch (nothing writes them for the user elsewhere). */
    public static final List<TableDef> COPIED = ALL.stream().filter(t -> !MOVED.contains(t)).toList();

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;

    public UserRowsStore(DynamoDbClient ddb) {
        this.ddb = ddb;
        this.batch = new DynamoBatch(ddb);
    }

    /** The user's rows in the tables of {@code stage}, by logical table name. */
    public Map<String, List<Map<String, AttributeValue>>> rows(String userId, String stage) {
        Map<String, List<Map<String, AttributeValue>>> out = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> devices = partition(Tables.DEVICES, stage, userId);
        for (TableDef t : BY_USER) {
            out.put(t.logicalName(), t == Tables.DEVICES ? devices : partition(t, stage, userId));
        }
        List<String> deviceKeys = devices.stream()
                .map(d -> d.get(Tables.DEVICES.sortKey().name()))
                .filter(id -> id != null && id.s() != null && !id.s().isEmpty()
                        && id.s().indexOf(DeviceRef.SEPARATOR) < 0)
                .map(id -> new DeviceRef(userId, id.s()).key()).distinct().toList();
        for (TableDef t : BY_DEVICE) {
            out.put(t.logicalName(), deviceKeys.stream().flatMap(k -> partition(t, stage, k).stream()).toList());
        }
        return out;
    }

    /** The user ids in the user's {@code contacts} partition of {@code stage} (the sort keys). */
    public List<String> contactIds(String userId, String stage) {
        return partition(Tables.CONTACTS, stage, userId).stream()
                .map(item -> item.get(Tables.CONTACTS.sortKey().name()).s()).toList();
    }

    /** How many rows the user has in the tables of {@code stage}. */
    public int count(String userId, String stage) {
        return rows(userId, stage).values().stream().mapToInt(List::size).sum();
    }

    /**
     * Puts the user's rows of {@code tables} in {@code fromStage}'s tables into {@code toStage}'s.
     *
     * @return the rows copied
     */
    public int copy(String userId, String fromStage, String toStage, List<TableDef> tables) {
        return put(rows(userId, fromStage, tables), toStage);
    }

    /**
     * Puts the user's rows of {@code tables} into {@code toStage}'s tables, then deletes exactly those items from
     * {@code fromStage}'s (a row written there after the read stays for the next move).
     *
     * @return the rows moved
     */
    public int move(String userId, String fromStage, String toStage, List<TableDef> tables) {
        Map<String, List<Map<String, AttributeValue>>> read = rows(userId, fromStage, tables);
        int moved = put(read, toStage);
        delete(read, fromStage);
        return moved;
    }

    private Map<String, List<Map<String, AttributeValue>>> rows(String userId, String stage, List<TableDef> tables) {
        Map<String, List<Map<String, AttributeValue>>> all = rows(userId, stage);
        all.keySet().retainAll(tables.stream().map(TableDef::logicalName).toList());
        return all;
    }

    private int put(Map<String, List<Map<String, AttributeValue>>> rows, String stage) {
        return apply(rows, stage,
                (t, item) -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }

    /** Deletes every row of the user in {@code stage}'s tables. @return the rows deleted */
    public int delete(String userId, String stage) {
        return delete(rows(userId, stage), stage);
    }

    private int delete(Map<String, List<Map<String, AttributeValue>>> rows, String stage) {
        return apply(rows, stage, (t, item) -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key(t, item)).build()).build());
    }

    private interface Write {
        WriteRequest of(TableDef table, Map<String, AttributeValue> item);
    }

    private int apply(Map<String, List<Map<String, AttributeValue>>> rows, String stage, Write write) {
        int n = 0;
        for (TableDef t : ALL) {
            List<WriteRequest> writes = new ArrayList<>();
            rows.getOrDefault(t.logicalName(), List.of()).forEach(item -> writes.add(write.of(t, item)));
            if (!writes.isEmpty()) {
                batch.write(t.physicalName(stage), writes);
            }
            n += writes.size();
        }
        return n;
    }

    private List<Map<String, AttributeValue>> partition(TableDef table, String stage, String key) {
        return QueryPages.all(ddb, QueryRequest.builder()
                .tableName(table.physicalName(stage)).consistentRead(true)
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", table.partitionKey().name()))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(key))));
    }

    private static Map<String, AttributeValue> key(TableDef table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(table.partitionKey().name(), item.get(table.partitionKey().name()));
        if (table.sortKey() != null) {
            key.put(table.sortKey().name(), item.get(table.sortKey().name()));
        }
        return key;
    }
}

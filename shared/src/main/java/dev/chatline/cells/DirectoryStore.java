package dev.chatline.cells;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.CellResources;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The global {@code directory} table ({@link CellResources#DIRECTORY}, one for all cells, its physical name in
 * {@value CellResources#DIRECTORY_TABLE_ENV}): userId → the user's home cell, the epoch of its last move and the
 * device summary its home cell publishes ({@link DeviceSummary}).
 *
 * <p>Invariants: a user's row is created once, by the first {@code $connect} anywhere (a conditional put, so two
 * cells racing to sign the same user up agree on the first one's cell); only a move changes {@code homeCell} (and
 * increments {@code epoch}); the device summary's version never decreases.
 *
 * <p>A move ({@link dev.chatline.cells.move.UserMove}) first sets {@code movingTo} ({@link #beginMove}), then switches
 * {@code homeCell} and increments {@code epoch} in one conditional update ({@link #finishMove}); both are
 * conditional on the epoch the mover read, so two moves of one user cannot interleave, and a re-run of a half-done
 * move finds its own {@code movingTo} and continues.
 */
public final class DirectoryStore {
    public static final String USER_ID = CellResources.DIRECTORY.partitionKey().name();
    public static final String HOME_CELL = "homeCell";
    public static final String EPOCH = "epoch";
    public static final String MOVED_AT = "movedAt";
    public static final String SIGNED_UP_AT = "signedUpAt";
    /** The linked device ids in list order (a list of strings). */
    public static final String DEVICE_IDS = "deviceIds";
    /** deviceId → registration id (a map of numbers). */
    public static final String REGISTRATION_IDS = "registrationIds";
    public static final String DEVICES_VERSION = "devicesVersion";
    /** The cell a move in progress takes the user to (absent when no move is in progress). */
    public static final String MOVING_TO = "movingTo";
    /** The cell a finished switch took the user from, until its rows there are deleted. */
    public static final String MOVED_FROM = "movedFrom";

    /** A user's row. */
    /**
     * @param movingTo the target of a move in progress (home still {@code homeCell})
     * @param movedFrom the previous home of a switched move whose old rows are not deleted yet
     */
    public record Entry(String userId, String homeCell, long epoch, DeviceSummary devices, Optional<String> movingTo,
                        Optional<String> movedFrom) {
    }

    private final DynamoDbClient ddb;
    private final String table;

    public DirectoryStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.require(CellResources.DIRECTORY_TABLE_ENV);
    }

    /** The user's row (strongly consistent in this region's replica), empty for a user who never connected. */
    public Optional<Entry> get(String userId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(USER_ID, s(userId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(userId, str(item, HOME_CELL), num(item, EPOCH, 0), devices(item),
                optional(item, MOVING_TO), optional(item, MOVED_FROM)));
    }

    /**
     * Signs the user up in {@code cell} unless the user has a row: a conditional put.
     *
     * @return the user's home cell: {@code cell} when this call created the row, else the existing row's
     */
    public String signUp(String userId, String cell, long nowMillis) {
        try {
            ddb.putItem(r -> r.tableName(table).item(Map.of(USER_ID, s(userId), HOME_CELL, s(cell), EPOCH, n(0),
                            SIGNED_UP_AT, n(nowMillis)))
                    .conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", USER_ID)));
            return cell;
        } catch (ConditionalCheckFailedException exists) {
            return get(userId).map(Entry::homeCell).orElseThrow(() ->
                    new IllegalStateException("directory row of " + userId + " vanished during sign-up"));
        }
    }

    /**
     * Stores the user's device summary unless the stored one is newer (and if the user has a row). Summaries of the
     * same version (reads started in the same millisecond) are equally recent: the later write wins.
     *
     * @return false when a newer summary is stored already, or the user has no row (nothing changed)
     */
    public boolean putDevices(String userId, DeviceSummary summary) {
        Map<String, AttributeValue> regIds = new LinkedHashMap<>();
        summary.registrationIds().forEach((d, id) -> regIds.put(d, n(id)));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":d", AttributeValue.fromL(summary.deviceIds().stream().map(id -> s(id)).toList()));
        values.put(":r", AttributeValue.fromM(regIds));
        values.put(":v", n(summary.version()));
        try {
            ddb.updateItem(r -> r.tableName(table).key(Map.of(USER_ID, s(userId)))
                    .updateExpression("SET #d = :d, #r = :r, #v = :v")
                    .conditionExpression("attribute_exists(#u) AND (attribute_not_exists(#v) OR #v <= :v)")
                    .expressionAttributeNames(Map.of("#u", USER_ID, "#d", DEVICE_IDS, "#r", REGISTRATION_IDS,
                            "#v", DEVICES_VERSION))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException olderOrNoRow) {
            return false;
        }
    }

    /**
     * Marks the user as moving from {@code from} to {@code to}, if the row still has that home and epoch and no move
     * to another cell is in progress (marking the same move again succeeds).
     *
     * @return false when the row changed since it was read (another move, or no row)
     */
    public boolean beginMove(String userId, String from, String to, long epoch) {
        return update(userId, "SET #m = :to",
                "#h = :from AND #e = :e AND (attribute_not_exists(#m) OR #m = :to)",
                Map.of("#h", HOME_CELL, "#e", EPOCH, "#m", MOVING_TO),
                Map.of(":to", s(to), ":from", s(from), ":e", n(epoch)));
    }

    /**
     * Switches the user's home from {@code from} to {@code to}, increments the epoch and records {@code movedFrom},
     * if the row is still marked as moving there at that epoch.
     *
     * @return false when the row changed since it was read
     */
    public boolean finishMove(String userId, String from, String to, long epoch, long nowMillis) {
        return update(userId, "SET #h = :to, #e = :next, #t = :now, #f = :from REMOVE #m",
                "#h = :from AND #e = :e AND #m = :to",
                Map.of("#h", HOME_CELL, "#e", EPOCH, "#m", MOVING_TO, "#t", MOVED_AT, "#f", MOVED_FROM),
                Map.of(":to", s(to), ":from", s(from), ":e", n(epoch), ":next", n(epoch + 1), ":now", n(nowMillis)));
    }

    /** Forgets {@code movedFrom} once the old cell's rows are gone, if the row is still at that epoch. */
    public boolean completeMove(String userId, String from, long epoch) {
        return update(userId, "REMOVE #f", "#f = :from AND #e = :e", Map.of("#f", MOVED_FROM, "#e", EPOCH),
                Map.of(":from", s(from), ":e", n(epoch)));
    }

    private boolean update(String userId, String update, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(Map.of(USER_ID, s(userId))).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private static Optional<String> optional(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static DeviceSummary devices(Map<String, AttributeValue> item) {
        AttributeValue ids = item.get(DEVICE_IDS);
        if (ids == null || !ids.hasL()) {
            return DeviceSummary.NONE;
        }
        Map<String, Integer> regIds = new HashMap<>();
        AttributeValue r = item.get(REGISTRATION_IDS);
        if (r != null && r.hasM()) {
            r.m().forEach((d, v) -> regIds.put(d, Integer.parseInt(v.n())));
        }
        List<String> deviceIds = ids.l().stream().map(AttributeValue::s).toList();
        return new DeviceSummary(deviceIds, regIds, num(item, DEVICES_VERSION, 0));
    }
}

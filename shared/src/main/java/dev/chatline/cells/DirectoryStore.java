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
 * increments {@code epoch}; moves are not built yet); the device summary's version never decreases.
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

    /** A user's row. */
    public record Entry(String userId, String homeCell, long epoch, DeviceSummary devices) {
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
        return Optional.of(new Entry(userId, str(item, HOME_CELL), num(item, EPOCH, 0), devices(item)));
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

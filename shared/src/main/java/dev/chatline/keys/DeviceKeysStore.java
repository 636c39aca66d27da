package dev.chatline.keys;

import static dev.chatline.aws.Attrs.b;
import static dev.chatline.aws.Attrs.bytes;
import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The {@code device-keys} table (like Signal-Server's repeated-use signed prekey store plus the identity key):
 * (userId, deviceId) → registrationId, identity key, signed EC prekey and last-resort Kyber prekey, all public.
 *
 * <p>Invariant: a row is always complete (all three keys present): it is written whole by {@link #put}, never
 * partially, so a bundle never mixes keys of two identities.
 */
public final class DeviceKeysStore {
    public static final String USER_ID = Tables.DEVICE_KEYS.partitionKey().name();
    public static final String DEVICE_ID = Tables.DEVICE_KEYS.sortKey().name();
    public static final String REGISTRATION_ID = "registrationId";
    public static final String IDENTITY_KEY = "identityKey";
    public static final String SIGNED_ID = "signedPreKeyId";
    public static final String SIGNED_KEY = "signedPreKey";
    public static final String SIGNED_SIGNATURE = "signedPreKeySignature";
    public static final String LAST_RESORT_ID = "kyberLastResortId";
    public static final String LAST_RESORT_KEY = "kyberLastResort";
    public static final String LAST_RESORT_SIGNATURE = "kyberLastResortSignature";
    public static final String UPDATED_AT = "updatedAt";

    private final DynamoDbClient ddb;
    private final String table;

    public DeviceKeysStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.DEVICE_KEYS);
    }

    /** Writes (or replaces) the device's keys. */
    public void put(DeviceKeys k) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USER_ID, s(k.userId()));
        item.put(DEVICE_ID, s(k.deviceId()));
        item.put(REGISTRATION_ID, n(k.registrationId()));
        item.put(IDENTITY_KEY, b(k.identityKey()));
        item.put(SIGNED_ID, n(k.signedPreKey().keyId()));
        item.put(SIGNED_KEY, b(k.signedPreKey().publicKey()));
        item.put(SIGNED_SIGNATURE, b(k.signedPreKey().signature()));
        item.put(LAST_RESORT_ID, n(k.kyberLastResort().keyId()));
        item.put(LAST_RESORT_KEY, b(k.kyberLastResort().publicKey()));
        item.put(LAST_RESORT_SIGNATURE, b(k.kyberLastResort().signature()));
        item.put(UPDATED_AT, n(k.updatedAt()));
        ddb.putItem(r -> r.tableName(table).item(item));
    }

    /** Deletes the device's keys (it was unlinked); idempotent. */
    public void delete(String userId, String deviceId) {
        ddb.deleteItem(r -> r.tableName(table).key(Map.of(USER_ID, s(userId), DEVICE_ID, s(deviceId))));
    }

    /** One device's keys (strongly consistent). */
    public Optional<DeviceKeys> get(String userId, String deviceId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(USER_ID, s(userId), DEVICE_ID, s(deviceId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKeys(item));
    }

    /** Every device of the user that has uploaded keys, in device id order (strongly consistent). */
    public List<DeviceKeys> all(String userId) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId)));
        List<DeviceKeys> out = new ArrayList<>();
        QueryPages.forEach(ddb, request, page -> page.items().forEach(item -> out.add(toKeys(item))));
        return out;
    }

    /**
     * Every device of the user that uploaded keys, with its registration id only (deviceId → registrationId): a
     * strongly consistent Query that projects two small attributes, so it reads ~0.5 RRU however large the keys.
     */
    public Map<String, Integer> registrationIds(String userId) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u").projectionExpression("#d, #r")
                .expressionAttributeNames(Map.of("#u", USER_ID, "#d", DEVICE_ID, "#r", REGISTRATION_ID))
                .expressionAttributeValues(Map.of(":u", s(userId)));
        Map<String, Integer> out = new java.util.HashMap<>();
        QueryPages.forEach(ddb, request, page -> page.items().forEach(item -> out.put(str(item, DEVICE_ID),
                (int) num(item, REGISTRATION_ID, 0))));
        return out;
    }

    private static DeviceKeys toKeys(Map<String, AttributeValue> item) {
        return new DeviceKeys(str(item, USER_ID), str(item, DEVICE_ID), (int) num(item, REGISTRATION_ID, 0),
                bytes(item, IDENTITY_KEY),
                new PreKey((int) num(item, SIGNED_ID, 0), bytes(item, SIGNED_KEY), bytes(item, SIGNED_SIGNATURE)),
                new PreKey((int) num(item, LAST_RESORT_ID, 0), bytes(item, LAST_RESORT_KEY),
                        bytes(item, LAST_RESORT_SIGNATURE)),
                num(item, UPDATED_AT, 0));
    }
}

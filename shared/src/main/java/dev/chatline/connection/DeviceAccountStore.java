package dev.chatline.connection;

import static dev.chatline.aws.Attrs.b;
import static dev.chatline.aws.Attrs.bytes;
import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.Attrs;
import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The {@code devices} table, keyed (userId, itemKey): device rows ({@code deviceId} = the device id: registeredAt,
 * lastSeenAt, proofTs, and while the device is on the signed list linkedAt, linkedKey, name, provision), the account row
 * ({@code #}: accountKey, version, list, signature, updatedAt, announcing) and pending link requests
 * ({@code #link#<code>}: linkDeviceId, identityKey, registrationId, name, expiresAt). {@code #} sorts before every
 * device id ({@code ClientFrame.ID} has no {@code #}), so one Query reads a user's whole state.
 *
 * <p>Invariants: a user exists once one of their devices has connected; {@code registeredAt} is written once; the
 * account row's version only grows (every write is conditional on the version it replaces, or on there being no
 * account); a device row carries linkedAt exactly while the stored list names it (both change in one transaction);
 * a link request is consumed at most once (its delete is conditional on its existence, in the same transaction).
 */
public final class DeviceAccountStore {
    public static final String USER_ID = "userId";
    public static final String DEVICE_ID = "deviceId";
    public static final String REGISTERED_AT = "registeredAt";
    public static final String LAST_SEEN_AT = "lastSeenAt";
    public static final String LINKED_AT = "linkedAt";
    public static final String LINKED_KEY = "linkedKey";
    public static final String NAME = "name";
    public static final String PROVISION = "provision";
    /** The ts of the newest connect proof accepted for the device (epoch ms): an older or equal one is refused. */
    public static final String PROOF_TS = "proofTs";
    public static final String ACCOUNT_ITEM = "#";
    public static final String ACCOUNT_KEY = "accountKey";
    public static final String VERSION = "version";
    public static final String LIST = "list";
    public static final String SIGNATURE = "signature";
    public static final String UPDATED_AT = "updatedAt";
    public static final String ANNOUNCING = "announcing";
    public static final String LINK_PREFIX = "#link#";
    public static final String LINK_DEVICE_ID = "linkDeviceId";
    public static final String IDENTITY_KEY = "identityKey";
    public static final String REGISTRATION_ID = "registrationId";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public DeviceAccountStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.DEVICES);
        this.clock = clock;
    }

    /** Creates the device row on first connect (registeredAt) and refreshes lastSeenAt every time. */
    public void register(Identity identity) {
        ddb.updateItem(r -> r.tableName(table)
                .key(key(identity.userId(), identity.deviceId()))
                .updateExpression("SET #r = if_not_exists(#r, :now), #l = :now")
                .expressionAttributeNames(Map.of("#r", REGISTERED_AT, "#l", LAST_SEEN_AT))
                .expressionAttributeValues(Map.of(":now", n(clock.millis()))));
    }

    /**
     * {@link #register(Identity)} for a connecting device, in the same single write: a device on its user's signed
     * list (linkedAt present) is registered only with a proof by the key the list names ({@code linkedKey}) whose
     * ts is later than every proof accepted before ({@code proofTs}, so a proof is used once); any other device
     * (not linked, or a user without an account) is registered as before.
     *
     * @param proven the key and ts of a connect proof whose signature and time window were checked; empty when the
     *               device brought none (or one that failed)
     * @return false, writing nothing, when the device is linked and {@code proven} does not prove it
     */
    public boolean register(Identity identity, Optional<ProvenKey> proven) {
        Map<String, String> names = new HashMap<>(Map.of("#r", REGISTERED_AT, "#l", LAST_SEEN_AT, "#la", LINKED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", n(clock.millis())));
        String update = "SET #r = if_not_exists(#r, :now), #l = :now";
        String condition = "attribute_not_exists(#la)";
        if (proven.isPresent()) {
            names.putAll(Map.of("#k", LINKED_KEY, "#p", PROOF_TS));
            values.putAll(Map.of(":k", b(proven.get().key()), ":ts", n(proven.get().ts())));
            update += ", #p = :ts";
            condition += " OR (#k = :k AND (attribute_not_exists(#p) OR #p < :ts))";
        }
        String expression = update;
        String guard = condition;
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(identity.userId(), identity.deviceId()))
                    .updateExpression(expression).conditionExpression(guard)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException unproven) {
            return false;
        }
    }

    /** The device's {@code lastSeenAt} (epoch ms, its last connect); empty for an unknown device. */
    public OptionalLong lastSeenAt(String userId, String deviceId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId, deviceId))
                .projectionExpression("#l").expressionAttributeNames(Map.of("#l", LAST_SEEN_AT))).item();
        AttributeValue v = item == null ? null : item.get(LAST_SEEN_AT);
        return v == null || v.n() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.n()));
    }

    /**
     * The ids of the user's linked devices in order (strongly consistent): the devices on the signed list, or
     * every device when the user has no account; empty means the user is unknown.
     */
    public List<String> deviceIds(String userId) {
        return read(userId).linkedDeviceIds();
    }

    /** The user's account, devices and live link requests (one strongly consistent Query). */
    public DeviceAccount read(String userId) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId)));
        Optional<DeviceAccount.Account> account = Optional.empty();
        List<DeviceAccount.Device> devices = new ArrayList<>();
        List<DeviceAccount.LinkRequest> links = new ArrayList<>();
        long nowSeconds = clock.millis() / 1000;
        for (Map<String, AttributeValue> item : QueryPages.all(ddb, request)) {
            String itemKey = str(item, DEVICE_ID);
            if (ACCOUNT_ITEM.equals(itemKey)) {
                account = Optional.of(toAccount(item));
            } else if (itemKey.startsWith(LINK_PREFIX)) {
                if (Attrs.alive(item, EXPIRES_AT, nowSeconds)) {
                    links.add(toLinkRequest(itemKey.substring(LINK_PREFIX.length()), item));
                }
            } else if (!itemKey.startsWith("#")) {
                devices.add(toDevice(itemKey, item));
            }
        }
        return new DeviceAccount(account, devices, links);
    }

    /** Stores a new link request; false when the code is taken. */
    public boolean putLinkRequest(String userId, DeviceAccount.LinkRequest r) {
        Map<String, AttributeValue> item = new HashMap<>(key(userId, LINK_PREFIX + r.code()));
        item.put(LINK_DEVICE_ID, s(r.deviceId()));
        item.put(IDENTITY_KEY, b(r.identityKey()));
        item.put(REGISTRATION_ID, n(r.registrationId()));
        item.put(NAME, s(r.name()));
        item.put(EXPIRES_AT, n(r.expiresAtSeconds()));
        try {
            ddb.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#u)")
                    .expressionAttributeNames(Map.of("#u", USER_ID)));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /**
     * Writes a list change in one transaction: the account row (conditional on the version it replaces), the
     * listed devices' rows, the removed devices' deletes and the consumed link request's delete.
     *
     * @throws ProtocolException STALE_DEVICE_LIST when the list or the link request changed meanwhile
     */
    public void apply(DeviceListChange change) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(accountPut(change));
        for (DeviceListChange.Linked d : change.linked()) {
            items.add(linkedUpdate(change, d));
        }
        for (String removed : change.removed()) {
            items.add(TransactWriteItem.builder().delete(x -> x.tableName(table).key(key(change.userId(), removed)))
                    .build());
        }
        change.consumedCode().ifPresent(code -> items.add(TransactWriteItem.builder().delete(x -> x.tableName(table)
                .key(key(change.userId(), LINK_PREFIX + code)).conditionExpression("attribute_exists(#u)")
                .expressionAttributeNames(Map.of("#u", USER_ID))).build()));
        try {
            ddb.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw new ProtocolException(ErrorCode.STALE_DEVICE_LIST,
                    "the device list or the link request changed meanwhile; read the list and sign again");
        }
    }

    /** Marks the announcement of {@code version}'s change as done (nothing when a later change is announcing). */
    public void announced(String userId, long version) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(userId, ACCOUNT_ITEM)).updateExpression("REMOVE #a")
                    .conditionExpression("#a = :v").expressionAttributeNames(Map.of("#a", ANNOUNCING))
                    .expressionAttributeValues(Map.of(":v", n(version))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException later) {
            // a later change is being announced, or this one already was
        }
    }

    private TransactWriteItem accountPut(DeviceListChange change) {
        DeviceAccount.Account a = change.next();
        Map<String, AttributeValue> item = new HashMap<>(key(change.userId(), ACCOUNT_ITEM));
        item.put(ACCOUNT_KEY, b(a.accountKey()));
        item.put(VERSION, n(a.version()));
        item.put(LIST, b(a.list()));
        item.put(SIGNATURE, b(a.signature()));
        item.put(UPDATED_AT, n(a.updatedAt()));
        if (a.announcing() > 0) {
            item.put(ANNOUNCING, n(a.announcing()));
        }
        return TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(item);
            if (change.expectedVersion().isPresent()) {
                p.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", n(change.expectedVersion().getAsLong())));
            } else {
                p.conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", USER_ID));
            }
        }).build();
    }

    private TransactWriteItem linkedUpdate(DeviceListChange change, DeviceListChange.Linked d) {
        Map<String, String> names = new HashMap<>(Map.of("#r", REGISTERED_AT, "#la", LINKED_AT, "#k", LINKED_KEY,
                "#n", NAME));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", n(clock.millis()), ":la", n(d.linkedAt()),
                ":k", b(d.identityKey()), ":n", s(d.name())));
        StringBuilder expr = new StringBuilder("SET #r = if_not_exists(#r, :now), #la = :la, #k = :k, #n = :n");
        if (change.provision().isPresent() && change.consumedCode().isPresent()) {
            names.put("#p", PROVISION);
            values.put(":p", b(change.provision().get()));
            expr.append(", #p = :p");
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(change.userId(), d.deviceId()))
                .updateExpression(expr.toString()).expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
    }

    private static Map<String, AttributeValue> key(String userId, String itemKey) {
        return Map.of(USER_ID, s(userId), DEVICE_ID, s(itemKey));
    }

    private static DeviceAccount.Account toAccount(Map<String, AttributeValue> item) {
        return new DeviceAccount.Account(bytes(item, ACCOUNT_KEY), num(item, VERSION, 0), bytes(item, LIST),
                bytes(item, SIGNATURE), num(item, UPDATED_AT, 0), num(item, ANNOUNCING, 0));
    }

    private static DeviceAccount.Device toDevice(String deviceId, Map<String, AttributeValue> item) {
        long linkedAt = num(item, LINKED_AT, -1);
        return new DeviceAccount.Device(deviceId, num(item, REGISTERED_AT, 0), num(item, LAST_SEEN_AT, 0),
                linkedAt < 0 ? OptionalLong.empty() : OptionalLong.of(linkedAt), bytes(item, LINKED_KEY),
                str(item, NAME), bytes(item, PROVISION));
    }

    private static DeviceAccount.LinkRequest toLinkRequest(String code, Map<String, AttributeValue> item) {
        return new DeviceAccount.LinkRequest(code, str(item, LINK_DEVICE_ID), bytes(item, IDENTITY_KEY),
                (int) num(item, REGISTRATION_ID, 0), str(item, NAME), num(item, EXPIRES_AT, 0));
    }
}

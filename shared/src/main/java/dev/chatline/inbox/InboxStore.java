package dev.chatline.inbox;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.Attrs;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.TableWrites;
import dev.chatline.config.ChatConfig;
import dev.chatline.messaging.MessageRef;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;


/**
 * The {@code inbox} table: per device ({@code userId#deviceId}), one row per message the device has not
 * acknowledged ({@code m#<chatId>#<seq, 20 digits>}) and one row per receipt event stored while the device was
 * offline ({@code r#<eventId>}, carrying the frame). Entry keys sort messages per chat in seq order, and events after
 * all messages.
 *
 * <p>Invariant: a message row is removed only by a {@code delivered}/{@code read} receipt from that device (or, for
 * copies of the device user's own messages, once posted to the device), or by expiry; expired rows are never
 * returned.
 */
public final class InboxStore {
    public static final String DEVICE_KEY = Tables.INBOX.partitionKey().name();
    public static final String ENTRY_KEY = Tables.INBOX.sortKey().name();
    public static final String FRAME = "frame";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    public static final String MESSAGE_PREFIX = "m#";
    public static final String EVENT_PREFIX = "r#";

    /** One inbox row: a pending message ({@code message} set) or a pending event ({@code frame} set). */
    public record Entry(String entryKey, Optional<MessageRef> message, Optional<String> frame) {
    }

    /** A page in entry-key order; {@code lastEvaluatedKey} is set when more rows may follow. */
    public record Page(List<Entry> entries, Optional<String> lastEvaluatedKey) {
    }

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public InboxStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.INBOX);
        this.clock = clock;
    }

    public static String messageEntryKey(MessageRef ref) {
        return MESSAGE_PREFIX + ref.chatId() + "#" + String.format("%020d", ref.seq());
    }

    public static String eventEntryKey(String eventId) {
        return EVENT_PREFIX + eventId;
    }

    /** Whether {@code s} has the shape of an entry key (used to validate client cursors). */
    public static boolean isEntryKey(String s) {
        return s != null && s.length() <= 400 && (s.startsWith(MESSAGE_PREFIX) || s.startsWith(EVENT_PREFIX));
    }

    /** The puts of one message row for each device (idempotent), for a batch with other tables' writes. */
    public TableWrites messageWrites(List<DeviceRef> devices, MessageRef ref, long expiresAt) {
        String entryKey = messageEntryKey(ref);
        return new TableWrites(table, devices.stream().distinct().map(d -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(Map.of(DEVICE_KEY, s(d.key()), ENTRY_KEY, s(entryKey),
                        EXPIRES_AT, n(expiresAt))).build()).build()).toList());
    }

    /** Adds (or re-adds, idempotently) one message row for each device. */
    public void addMessage(List<DeviceRef> devices, MessageRef ref, long expiresAt) {
        batch.write(List.of(messageWrites(devices, ref, expiresAt)));
    }

    /** Stores an event frame for an offline device (idempotent per event id). */
    public void addEvent(DeviceRef device, String eventId, String frameJson, long expiresAt) {
        ddb.putItem(r -> r.tableName(table).item(Map.of(DEVICE_KEY, s(device.key()), ENTRY_KEY,
                s(eventEntryKey(eventId)), FRAME, s(frameJson), EXPIRES_AT, n(expiresAt))));
    }

    /** Up to {@code limit} rows after {@code afterEntryKey} (exclusive), strongly consistent, unexpired. */
    public Page page(DeviceRef device, Optional<String> afterEntryKey, int limit) {
        long now = clock.instant().getEpochSecond();
        QueryResponse response = ddb.query(r -> {
            r.tableName(table).consistentRead(true).limit(limit)
                    .keyConditionExpression("#d = :d")
                    .filterExpression("#e > :now")
                    .expressionAttributeNames(Map.of("#d", DEVICE_KEY, "#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":d", s(device.key()), ":now", n(now)));
            afterEntryKey.ifPresent(k -> r.exclusiveStartKey(Map.of(DEVICE_KEY, s(device.key()), ENTRY_KEY, s(k))));
        });
        List<Entry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            if (Attrs.alive(item, EXPIRES_AT, now)) {
                entries.add(toEntry(item));
            }
        }
        Optional<String> last = response.hasLastEvaluatedKey() && response.lastEvaluatedKey().containsKey(ENTRY_KEY)
                ? Optional.of(response.lastEvaluatedKey().get(ENTRY_KEY).s()) : Optional.empty();
        return new Page(entries, last);
    }

    /** Which of these rows of one device exist (one strongly consistent batch read of their keys). */
    public Set<String> existing(DeviceRef device, List<String> entryKeys) {
        List<Map<String, AttributeValue>> keys = entryKeys.stream().distinct()
                .map(k -> Map.of(DEVICE_KEY, s(device.key()), ENTRY_KEY, s(k))).toList();
        Set<String> out = new HashSet<>();
        batch.get(table, keys, true, "#k", Map.of("#k", ENTRY_KEY)).forEach(item -> out.add(str(item, ENTRY_KEY)));
        return out;
    }

    /** Deletes these rows of one device (missing rows are fine). */
    public void delete(DeviceRef device, List<String> entryKeys) {
        List<WriteRequest> deletes = entryKeys.stream().distinct().map(k -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(Map.of(DEVICE_KEY, s(device.key()), ENTRY_KEY, s(k)))
                        .build()).build()).toList();
        batch.write(table, deletes);
    }

    /** Deletes every pending row of one device (it was unlinked), page by page; returns how many. */
    public int deleteAll(DeviceRef device) {
        int deleted = 0;
        Optional<String> after = Optional.empty();
        do {
            Page page = page(device, after, 100);
            delete(device, page.entries().stream().map(Entry::entryKey).toList());
            deleted += page.entries().size();
            after = page.lastEvaluatedKey();
        } while (after.isPresent());
        return deleted;
    }

    private static Entry toEntry(Map<String, AttributeValue> item) {
        String key = str(item, ENTRY_KEY);
        if (key.startsWith(MESSAGE_PREFIX)) {
            int sep = key.lastIndexOf('#');
            MessageRef ref = new MessageRef(key.substring(MESSAGE_PREFIX.length(), sep),
                    Long.parseLong(key.substring(sep + 1)));
            return new Entry(key, Optional.of(ref), Optional.empty());
        }
        return new Entry(key, Optional.empty(), Optional.ofNullable(str(item, FRAME)));
    }
}

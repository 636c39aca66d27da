package dev.chatline.receipts;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.Attrs;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.aws.TableWrites;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.schema.Tables;
import dev.chatline.send.MessageHeaders;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code receipts} table, keyed (messageKey = chatId#seq, userId). Two kinds of rows per message:
 * <ul>
 *   <li>the <b>header</b> ({@code userId = "#"}, which no user id can be): written with the message, small and
 *   independent of the body's size — messageId, sender (user, device and the connection it sent from, where its
 *   receipt events are posted first), recipientCount, deliveredCount, readCount, expiresAt; in a
 *   direct chat (one recipient) also the recipient's deliveredAt/readAt and the device that acknowledged;</li>
 *   <li>in a group, one <b>recipient row</b> per member who acknowledged: status, deliveredAt, readAt, device.</li>
 * </ul>
 *
 * <p>Expired headers (TTL, epoch s) are never returned and never updated. Invariants: a recipient's status only moves forward ({@code sent < delivered < read}; no row is {@code sent});
 * each counter on the header equals the number of recipients that reached its status, because a group's counter
 * moves only in the same transaction that moves a recipient row forward from the exact status read before, and a
 * direct chat's counters (0 or 1) are the recipient's status itself; {@code readCount <= deliveredCount <=
 * recipientCount}. A receipt is billed on these small items only, never on the message row.
 */
public final class ReceiptStore implements MessageHeaders {
    public static final String MESSAGE_KEY = Tables.RECEIPTS.partitionKey().name();
    public static final String USER_ID = Tables.RECEIPTS.sortKey().name();
    /** The sort key of a message's header row. */
    public static final String HEADER = "#";
    public static final String MESSAGE_ID = "messageId";
    public static final String SENDER_USER_ID = "senderUserId";
    /** The sending device and the connection it sent from: where the sender's receipt events go first. */
    public static final String SENDER_DEVICE_ID = "senderDeviceId";
    public static final String SENDER_CONNECTION_ID = "senderConnectionId";
    public static final String RECIPIENT_COUNT = "recipientCount";
    public static final String DELIVERED_COUNT = "deliveredCount";
    public static final String READ_COUNT = "readCount";
    public static final String STATUS = "status";
    public static final String DELIVERED_AT = "deliveredAt";
    public static final String READ_AT = "readAt";
    /** The device whose receipt moved the row (recipient rows) or the direct chat's recipient (header). */
    public static final String DELIVERED_BY = "deliveredBy";
    public static final String READ_BY = "readBy";
    /** On a group's header: the device ({@code userId#deviceId}) whose receipt completed delivered / read. */
    public static final String DELIVERED_COMPLETED_BY = "deliveredCompletedBy";
    public static final String READ_COMPLETED_BY = "readCompletedBy";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    /** One recipient's receipt row; {@code readAt} is 0 until read. */
    public record Row(String userId, MessageStatus status, long deliveredAt, long readAt, String deliveredBy,
                      String readBy) {
    }

    /**
     * A message's header row.
     *
     * @param deliveredAt the direct chat recipient's (0 in groups or until delivered)
     */
    public record Header(MessageRef ref, String messageId, String senderUserId, int recipientCount,
                         int deliveredCount, int readCount, long expiresAt, long deliveredAt, long readAt,
                         String deliveredBy, String readBy, String deliveredCompletedBy, String readCompletedBy,
                         String senderDeviceId, String senderConnectionId) {
        /** The direct chat recipient's status, from the counters. */
        public MessageStatus directStatus() {
            return readCount > 0 ? MessageStatus.READ : deliveredCount > 0 ? MessageStatus.DELIVERED
                    : MessageStatus.SENT;
        }

        /** The device ({@code userId#deviceId}) whose receipt completed {@code status} in a group, or null. */
        public String completedBy(MessageStatus status) {
            return status == MessageStatus.READ ? readCompletedBy : deliveredCompletedBy;
        }

        /** Whether every recipient reached {@code status}. */
        public boolean complete(MessageStatus status) {
            return (status == MessageStatus.READ ? readCount : deliveredCount) >= recipientCount;
        }
    }

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public ReceiptStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.RECEIPTS);
        this.clock = clock;
    }

    /** The header row of a new message, to be written in the message's own transaction. */
    @Override
    public TransactionWrite headerPut(StoredMessage m) {
        return TransactionWrite.put(Put.builder().tableName(table).item(headerItem(m, null)).build());
    }

    @Override
    public TableWrites headerWrites(StoredMessage m, String senderConnectionId) {
        return new TableWrites(table, List.of(WriteRequest.builder().putRequest(PutRequest.builder()
                .item(headerItem(m, senderConnectionId)).build()).build()));
    }

    @Override
    public OptionalInt deliveredCount(MessageRef ref) {
        return header(ref).map(h -> OptionalInt.of(h.deliveredCount())).orElse(OptionalInt.empty());
    }

    @Override
    public void putHeaderIfAbsent(StoredMessage m, String senderConnectionId) {
        try {
            ddb.putItem(r -> r.tableName(table).item(headerItem(m, senderConnectionId))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", MESSAGE_ID)));
        } catch (ConditionalCheckFailedException exists) {
            // written by the original attempt
        }
    }

    private static Map<String, AttributeValue> headerItem(StoredMessage m, String senderConnectionId) {
        Map<String, AttributeValue> item = new HashMap<>(key(m.ref(), HEADER));
        item.put(MESSAGE_ID, s(m.messageId()));
        item.put(SENDER_USER_ID, s(m.senderUserId()));
        item.put(SENDER_DEVICE_ID, s(m.senderDeviceId()));
        if (senderConnectionId != null) {
            item.put(SENDER_CONNECTION_ID, s(senderConnectionId));
        }
        item.put(RECIPIENT_COUNT, n(m.recipientCount()));
        item.put(DELIVERED_COUNT, n(0));
        item.put(READ_COUNT, n(0));
        item.put(EXPIRES_AT, n(m.expiresAt()));
        return item;
    }

    @Override
    public Map<MessageRef, MessageStatus> statuses(List<MessageRef> refs) {
        Map<MessageRef, MessageStatus> out = new HashMap<>();
        if (!refs.isEmpty()) {
            headers(refs).forEach((ref, h) -> out.put(ref, h.complete(MessageStatus.READ) ? MessageStatus.READ
                    : h.complete(MessageStatus.DELIVERED) ? MessageStatus.DELIVERED : MessageStatus.SENT));
        }
        return out;
    }

    /** The headers among {@code refs} (one strongly consistent batch read). */
    public Map<MessageRef, Header> headers(List<MessageRef> refs) {
        Map<MessageRef, Header> out = new HashMap<>();
        rows(refs, HEADER).forEach((ref, item) -> {
            if (alive(item)) {
                out.put(ref, header(ref, item));
            }
        });
        return out;
    }

    /** The headers and {@code userId}'s recipient rows of {@code refs}, in one strongly consistent batch read. */
    public Map<MessageRef, Header> headersWithRows(List<MessageRef> refs, String userId, Map<MessageRef, Row> rows) {
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        refs.stream().distinct().forEach(ref -> {
            keys.add(key(ref, HEADER));
            keys.add(key(ref, userId));
        });
        Map<MessageRef, Header> headers = new HashMap<>();
        for (Map<String, AttributeValue> item : batch.get(table, keys, true, null, Map.of())) {
            MessageRef ref = MessageRef.parseKey(str(item, MESSAGE_KEY));
            if (HEADER.equals(str(item, USER_ID))) {
                if (alive(item)) {
                    headers.put(ref, header(ref, item));
                }
            } else {
                rows.put(ref, row(item));
            }
        }
        return headers;
    }

    /** The unexpired header, strongly consistent. */
    public Optional<Header> header(MessageRef ref) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(ref, HEADER))).item();
        return item == null || item.isEmpty() || !alive(item) ? Optional.empty() : Optional.of(header(ref, item));
    }

    private boolean alive(Map<String, AttributeValue> item) {
        return Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond());
    }

    /**
     * A direct chat's recipient acknowledges {@code requested} from device {@code deviceId}: one conditional update
     * of the header that succeeds only for the message {@code messageId} of another sender whose status is below
     * {@code requested} ({@code read} also sets delivered).
     *
     * @return the header as it was before, or empty if the condition failed (unknown or expired id, own message,
     *         or the status already at or past {@code requested}: read the header to tell which)
     */
    public Optional<Header> advanceDirect(MessageRef ref, String messageId, String recipientUserId,
                                          String deviceId, MessageStatus requested, long nowMs) {
        Map<String, String> names = new HashMap<>(Map.of("#id", MESSAGE_ID, "#snd", SENDER_USER_ID,
                "#dc", DELIVERED_COUNT, "#da", DELIVERED_AT, "#db", DELIVERED_BY, "#e", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":id", s(messageId), ":me", s(recipientUserId),
                ":zero", n(0), ":one", n(1), ":now", n(nowMs), ":dev", s(deviceId), ":nowSec", n(nowMs / 1000)));
        String update = "SET #dc = :one, #da = if_not_exists(#da, :now), #db = if_not_exists(#db, :dev)";
        String condition = "#id = :id AND #snd <> :me AND #e > :nowSec AND ";
        if (requested == MessageStatus.READ) {
            names.putAll(Map.of("#rc", READ_COUNT, "#ra", READ_AT, "#rb", READ_BY));
            update += ", #rc = :one, #ra = :now, #rb = :dev";
            condition += "#rc = :zero";
        } else {
            condition += "#dc = :zero";
        }
        String u = update;
        String c = condition;
        try {
            Map<String, AttributeValue> old = ddb.updateItem(r -> r.tableName(table).key(key(ref, HEADER))
                    .updateExpression(u).conditionExpression(c).expressionAttributeNames(names)
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.of(header(ref, old));
        } catch (ConditionalCheckFailedException notApplied) {
            return Optional.empty();
        }
    }

    /**
     * The update of a group recipient's row from exactly {@code previous} to {@code requested} (for a
     * transaction; fails if another receipt moved the row meanwhile).
     */
    public TransactionWrite advanceRowWrite(MessageRef ref, String userId, String deviceId, MessageStatus previous,
                                             MessageStatus requested, long nowMs, long expiresAt) {
        Map<String, String> names = new HashMap<>(Map.of("#s", STATUS, "#d", DELIVERED_AT, "#e", EXPIRES_AT,
                "#db", DELIVERED_BY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":req", s(requested.wire()), ":now", n(nowMs),
                ":exp", n(expiresAt), ":dev", s(deviceId)));
        String update = "SET #s = :req, #d = if_not_exists(#d, :now), #e = :exp, #db = if_not_exists(#db, :dev)";
        if (requested == MessageStatus.READ) {
            update += ", #r = :now, #rb = :dev";
            names.put("#r", READ_AT);
            names.put("#rb", READ_BY);
        }
        String condition = "attribute_not_exists(#s)";
        if (previous != MessageStatus.SENT) {
            condition = "#s = :prev";
            values.put(":prev", s(previous.wire()));
        }
        return TransactionWrite.update(Update.builder().tableName(table).key(key(ref, userId))
                .updateExpression(update).conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(values).build());
    }

    /**
     * The header's counter increments for one recipient's advance (for a transaction). The condition pins what the
     * caller concluded from {@code seen}: a counter that reaches {@code recipientCount} with this increment must
     * be exactly its seen value (so exactly one receipt completes each status); one that stays below may have
     * moved, as long as it still stays below.
     */
    public TransactionWrite countersWrite(Header seen, boolean delivered, boolean read, DeviceRef device) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder add = new StringBuilder("ADD ");
        StringBuilder set = new StringBuilder();
        StringBuilder condition = new StringBuilder("attribute_exists(#id)");
        names.put("#id", MESSAGE_ID);
        values.put(":one", n(1));
        values.put(":me", s(device.key()));
        if (delivered) {
            counterTerm(new Counter("#dc", DELIVERED_COUNT, ":dc", "#dcb", DELIVERED_COMPLETED_BY),
                    seen.deliveredCount(), seen.recipientCount(), names, values, add, set, condition);
        }
        if (read) {
            if (delivered) {
                add.append(", ");
            }
            counterTerm(new Counter("#rc", READ_COUNT, ":rc", "#rcb", READ_COMPLETED_BY), seen.readCount(),
                    seen.recipientCount(), names, values, add, set, condition);
        }
        String update = set.isEmpty() ? add.toString() : add + " SET " + set;
        if (!update.contains(":me")) {
            values.remove(":me");
        }
        return TransactionWrite.update(Update.builder().tableName(table).key(key(seen.ref(), HEADER))
                .updateExpression(update).conditionExpression(condition.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values).build());
    }

    /** The names of one counter and of the attribute naming the device that completed it. */
    private record Counter(String name, String attr, String value, String byName, String byAttr) {
    }

    private static void counterTerm(Counter c, int seen, int recipients, Map<String, String> names,
                                    Map<String, AttributeValue> values, StringBuilder add, StringBuilder set,
                                    StringBuilder condition) {
        names.put(c.name(), c.attr());
        add.append(c.name()).append(" :one");
        if (seen + 1 >= recipients) {
            // this increment completes the status: pinned to the value seen, and the completing device recorded
            condition.append(" AND ").append(c.name()).append(" = ").append(c.value());
            values.put(c.value(), n(seen));
            names.put(c.byName(), c.byAttr());
            set.append(set.isEmpty() ? "" : ", ").append(c.byName()).append(" = :me");
        } else {
            condition.append(" AND ").append(c.name()).append(" < ").append(c.value());
            values.put(c.value(), n(recipients - 1L));
        }
    }

    /**
     * Runs a receipt's transaction (items of this table and condition checks on others).
     *
     * @return -1 if it committed; else the index of the first item whose condition failed, or the number of items
     *         if it was cancelled by a conflicting concurrent transaction (retry)
     */
    public int transact(List<TransactionWrite> items) {
        try {
            TransactionWrite.transact(ddb, items);
            return -1;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    return i;
                }
            }
            if (reasons.stream().anyMatch(x -> "TransactionConflict".equals(x.code())) || reasons.isEmpty()) {
                return items.size();
            }
            throw e;
        }
    }

    /** Every recipient row of one message (strongly consistent; one row per recipient who acknowledged). */
    public List<Row> rows(MessageRef ref) {
        return QueryPages.all(ddb, QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", MESSAGE_KEY))
                .expressionAttributeValues(Map.of(":k", s(ref.key())))).stream()
                .filter(item -> !HEADER.equals(str(item, USER_ID))).map(ReceiptStore::row).toList();
    }

    private Map<MessageRef, Map<String, AttributeValue>> rows(List<MessageRef> refs, String userId) {
        List<Map<String, AttributeValue>> keys = refs.stream().distinct().map(ref -> key(ref, userId)).toList();
        Map<MessageRef, Map<String, AttributeValue>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batch.get(table, keys, true, null, Map.of())) {
            out.put(MessageRef.parseKey(str(item, MESSAGE_KEY)), item);
        }
        return out;
    }

    private static Row row(Map<String, AttributeValue> item) {
        return new Row(str(item, USER_ID), MessageStatus.valueOf(str(item, STATUS).toUpperCase(Locale.ROOT)),
                num(item, DELIVERED_AT, 0), num(item, READ_AT, 0), str(item, DELIVERED_BY), str(item, READ_BY));
    }

    private static Header header(MessageRef ref, Map<String, AttributeValue> item) {
        return new Header(ref, str(item, MESSAGE_ID), str(item, SENDER_USER_ID), (int) num(item, RECIPIENT_COUNT, 0),
                (int) num(item, DELIVERED_COUNT, 0), (int) num(item, READ_COUNT, 0), num(item, EXPIRES_AT, 0),
                num(item, DELIVERED_AT, 0), num(item, READ_AT, 0), str(item, DELIVERED_BY), str(item, READ_BY),
                str(item, DELIVERED_COMPLETED_BY), str(item, READ_COMPLETED_BY), str(item, SENDER_DEVICE_ID),
                str(item, SENDER_CONNECTION_ID));
    }

    private static Map<String, AttributeValue> key(MessageRef ref, String userId) {
        return Map.of(MESSAGE_KEY, s(ref.key()), USER_ID, s(userId));
    }
}

package dev.chatline.messaging;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.Attrs;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.auth.DeviceRef;
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
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The {@code messages} table: (chatId, seq) → the stored message.
 *
 * <p>Invariants: a message row is written once (condition "not exists") and never updated: receipts count on the
 * message's small header row in the {@code receipts} table, so a receipt is never billed on the body's size.
 * Expired rows (TTL, epoch s) are never returned.
 */
public final class MessageStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessageStore.class);
    public static final String CHAT_ID = Tables.MESSAGES.partitionKey().name();
    public static final String SEQ = Tables.MESSAGES.sortKey().name();
    public static final String MESSAGE_ID = "messageId";
    public static final String SENDER_USER_ID = "senderUserId";
    public static final String SENDER_DEVICE_ID = "senderDeviceId";
    public static final String BODY = "body";
    public static final String CONTENT_TYPE = "contentType";
    public static final String SERVER_TS = "serverTs";
    public static final String RECIPIENT_COUNT = "recipientCount";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    /** Map attribute: userId#deviceId → {type, body}, for end-to-end encrypted messages with per-device copies. */
    public static final String ENVELOPES = "envelopes";
    private static final String ENVELOPE_TYPE = "type";
    private static final String ENVELOPE_BODY = "body";

    /** One page of a chat's messages, newest first; {@code lastEvaluatedSeq} is set when more may follow. */
    public record Page(List<StoredMessage> messages, OptionalLong lastEvaluatedSeq) {
    }

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public MessageStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.MESSAGES);
        this.clock = clock;
    }

    /** Outcome of {@link #insert}. */
    public enum InsertOutcome {
        /** Both rows were written. */
        INSERTED,
        /** A message with this (chatId, seq) exists: nothing was written; allocate another seq. */
        SEQ_TAKEN,
        /** The other row's condition failed or a concurrent transaction conflicted: nothing was written. */
        OTHER_CONFLICT
    }


    /**
     * Writes the message (condition: no message with its seq) and every item of {@code alsoWrite} (at most 99: the
     * idempotency row or the membership change the message records, its receipt header, inbox rows) in one
     * transaction. Failures other than condition checks and transaction conflicts throw.
     */
    public InsertOutcome insert(StoredMessage m, List<TransactionWrite> alsoWrite) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CHAT_ID, s(m.chatId()));
        item.put(SEQ, n(m.seq()));
        item.put(MESSAGE_ID, s(m.messageId()));
        item.put(SENDER_USER_ID, s(m.senderUserId()));
        item.put(SENDER_DEVICE_ID, s(m.senderDeviceId()));
        if (m.body() != null) {
            item.put(BODY, s(m.body()));
        }
        if (m.hasEnvelopes()) {
            item.put(ENVELOPES, envelopesAttr(m.envelopes()));
        }
        if (m.contentType() != null) {
            item.put(CONTENT_TYPE, s(m.contentType()));
        }
        item.put(SERVER_TS, n(m.serverTs()));
        item.put(RECIPIENT_COUNT, n(m.recipientCount()));
        item.put(EXPIRES_AT, n(m.expiresAt()));
        TransactionWrite put = TransactionWrite.put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#s)").expressionAttributeNames(Map.of("#s", SEQ))
                .build());
        try {
            List<TransactionWrite> items = new ArrayList<>();
            items.add(put);
            items.addAll(alsoWrite);
            TransactionWrite.transact(ddb, items);
            return InsertOutcome.INSERTED;
        } catch (TransactionCanceledException e) {
            List<String> codes = e.hasCancellationReasons()
                    ? e.cancellationReasons().stream().map(CancellationReason::code).toList() : List.of();
            LOG.info("message transaction cancelled: {}", codes);
            if (!codes.isEmpty() && "ConditionalCheckFailed".equals(codes.get(0))) {
                return InsertOutcome.SEQ_TAKEN;
            }
            if (codes.isEmpty() || codes.stream().anyMatch(c -> "ConditionalCheckFailed".equals(c)
                    || "TransactionConflict".equals(c))) {
                return InsertOutcome.OTHER_CONFLICT;
            }
            throw e;
        }
    }

    /** The unexpired message, strongly consistent. */
    public Optional<StoredMessage> get(MessageRef ref) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(ref))).item();
        return item == null || item.isEmpty() ? Optional.empty() : live(item);
    }

    /** The unexpired messages among {@code refs} (strongly consistent batch read), keyed by ref. */
    public Map<MessageRef, StoredMessage> getAll(List<MessageRef> refs) {
        List<Map<String, AttributeValue>> keys = refs.stream().distinct().map(MessageStore::key).toList();
        Map<MessageRef, StoredMessage> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batch.get(table, keys, true, null, Map.of())) {
            live(item).ifPresent(m -> out.put(m.ref(), m));
        }
        return out;
    }

    /**
     * Up to {@code limit} unexpired messages with seq above {@code afterSeq} and below {@code beforeSeq} (if given),
     * newest first.
     */
    public Page newestFirst(String chatId, long afterSeq, OptionalLong beforeSeq, int limit) {
        if (beforeSeq.isPresent() && beforeSeq.getAsLong() <= afterSeq + 1) {
            return new Page(List.of(), OptionalLong.empty());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":c", s(chatId));
        values.put(":now", n(clock.instant().getEpochSecond()));
        values.put(":a", n(afterSeq + 1));
        values.put(":b", n(beforeSeq.orElse(Long.MAX_VALUE) - 1));
        QueryResponse response = ddb.query(r -> r.tableName(table).consistentRead(true).limit(limit)
                .scanIndexForward(false)
                .keyConditionExpression("#c = :c AND #s BETWEEN :a AND :b")
                .filterExpression("#e > :now")
                .expressionAttributeNames(Map.of("#c", CHAT_ID, "#s", SEQ, "#e", EXPIRES_AT))
                .expressionAttributeValues(values));
        List<StoredMessage> messages = new ArrayList<>();
        response.items().forEach(item -> live(item).ifPresent(messages::add));
        OptionalLong last = response.hasLastEvaluatedKey() && response.lastEvaluatedKey().containsKey(SEQ)
                ? OptionalLong.of(Long.parseLong(response.lastEvaluatedKey().get(SEQ).n())) : OptionalLong.empty();
        return new Page(messages, last);
    }

    private Optional<StoredMessage> live(Map<String, AttributeValue> item) {
        if (!Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(new StoredMessage(str(item, CHAT_ID), num(item, SEQ, 0), str(item, MESSAGE_ID),
                str(item, SENDER_USER_ID), str(item, SENDER_DEVICE_ID), str(item, BODY), str(item, CONTENT_TYPE),
                num(item, SERVER_TS, 0), (int) num(item, RECIPIENT_COUNT, 0), num(item, EXPIRES_AT, 0),
                envelopes(item)));
    }

    private static AttributeValue envelopesAttr(Map<DeviceRef, Envelope.Payload> envelopes) {
        Map<String, AttributeValue> map = new HashMap<>();
        envelopes.forEach((device, p) -> map.put(device.key(), AttributeValue.fromM(Map.of(
                ENVELOPE_TYPE, s(p.type()), ENVELOPE_BODY, s(p.body())))));
        return AttributeValue.fromM(map);
    }

    private static Map<DeviceRef, Envelope.Payload> envelopes(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(ENVELOPES);
        if (v == null || !v.hasM()) {
            return Map.of();
        }
        Map<DeviceRef, Envelope.Payload> out = new HashMap<>();
        v.m().forEach((device, p) -> out.put(DeviceRef.parse(device), new Envelope.Payload(str(p.m(), ENVELOPE_TYPE),
                str(p.m(), ENVELOPE_BODY))));
        return out;
    }

    private static Map<String, AttributeValue> key(MessageRef ref) {
        return Map.of(CHAT_ID, s(ref.chatId()), SEQ, n(ref.seq()));
    }
}

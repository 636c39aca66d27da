package dev.chatline.send;

import dev.chatline.aws.Attrs;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.messaging.MessageRef;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;


/**
 * The {@code idempotency} table: {@code senderUserId#clientMsgId} → the message it produced.
 *
 * <p>Invariant: the same (sender, clientMsgId) always yields the same messageId/seq: the row is only ever created
 * together with its message, its receipt header and its inbox rows (same transaction, condition "not exists") and
 * never changed afterwards. It expires with the message.
 */
public final class IdempotencyStore {
    public static final String KEY = Tables.IDEMPOTENCY.partitionKey().name();
    public static final String CHAT_ID = "chatId";
    public static final String SEQ = "seq";
    public static final String MESSAGE_ID = "messageId";
    public static final String SERVER_TS = "serverTs";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    /** What a (sender, clientMsgId) produced. */
    public record Entry(String chatId, long seq, String messageId, long serverTs, long expiresAt) {
        public MessageRef ref() {
            return new MessageRef(chatId, seq);
        }
    }

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public IdempotencyStore(DynamoDbClient ddb, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.IDEMPOTENCY);
        this.clock = clock;
    }

    static String key(String senderUserId, String clientMsgId) {
        return senderUserId + "#" + clientMsgId;
    }

    /** The unexpired entry, strongly consistent. */
    public Optional<Entry> get(String senderUserId, String clientMsgId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(KEY, s(key(senderUserId, clientMsgId))))).item();
        if (item == null || item.isEmpty() || !Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(new Entry(str(item, CHAT_ID), num(item, SEQ, 0), str(item, MESSAGE_ID),
                num(item, SERVER_TS, 0), num(item, EXPIRES_AT, 0)));
    }

    /**
     * The transaction item creating the entry; it fails the transaction if a live entry exists. An expired
     * entry that TTL has not deleted yet may be replaced.
     */
    public TransactionWrite putIfAbsent(String senderUserId, String clientMsgId, Entry e) {
        return TransactionWrite.put(Put.builder().tableName(table)
                .item(Map.of(KEY, s(key(senderUserId, clientMsgId)), CHAT_ID, s(e.chatId()), SEQ, n(e.seq()),
                        MESSAGE_ID, s(e.messageId()), SERVER_TS, n(e.serverTs()), EXPIRES_AT, n(e.expiresAt())))
                .conditionExpression("attribute_not_exists(#k) OR #e <= :now")
                .expressionAttributeNames(Map.of("#k", KEY, "#e", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                .build());
    }
}

package dev.chatline.receipts;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.schema.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The {@code receipts} table: (messageKey = chatId#seq, userId) → status, deliveredAt, readAt (epoch ms).
 *
 * <p>Invariant: a recipient's status only moves forward ({@code sent < delivered < read}; a missing row is
 * {@code sent}). Every change is one conditional UpdateItem that succeeds only if it moves the status forward, so of
 * any number of concurrent or repeated receipts exactly one performs each transition.
 */
public final class ReceiptStore {
    public static final String MESSAGE_KEY = Tables.RECEIPTS.partitionKey().name();
    public static final String USER_ID = Tables.RECEIPTS.sortKey().name();
    public static final String STATUS = "status";
    public static final String DELIVERED_AT = "deliveredAt";
    public static final String READ_AT = "readAt";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;

    /** One recipient's receipt row; {@code readAt} is 0 until read. */
    public record Row(String userId, MessageStatus status, long deliveredAt, long readAt) {
    }

    private final DynamoDbClient ddb;
    private final String table;

    public ReceiptStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.RECEIPTS);
    }

    /**
     * Moves the recipient's status forward to {@code requested} ({@code DELIVERED} or {@code READ}).
     *
     * @param expiresAt epoch seconds (the message's expiry)
     * @return the previous status if this call advanced it, empty if the status already was at or past
     *         {@code requested}
     */
    public Optional<MessageStatus> advance(MessageRef ref, String userId, MessageStatus requested, long nowMs,
                                           long expiresAt) {
        if (requested == MessageStatus.SENT) {
            throw new IllegalArgumentException("receipts acknowledge delivered or read");
        }
        Map<String, String> names = new HashMap<>(Map.of("#s", STATUS, "#d", DELIVERED_AT, "#e", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":req", s(requested.wire()), ":now", n(nowMs),
                ":exp", n(expiresAt)));
        String update = "SET #s = :req, #d = if_not_exists(#d, :now), #e = :exp";
        String condition = "attribute_not_exists(#s)";
        if (requested == MessageStatus.READ) {
            update += ", #r = :now";
            names.put("#r", READ_AT);
            condition += " OR #s = :delivered";
            values.put(":delivered", s(MessageStatus.DELIVERED.wire()));
        }
        String u = update;
        String c = condition;
        try {
            Map<String, AttributeValue> old = ddb.updateItem(r -> r.tableName(table)
                    .key(Map.of(MESSAGE_KEY, s(ref.key()), USER_ID, s(userId)))
                    .updateExpression(u).conditionExpression(c)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            AttributeValue previous = old == null ? null : old.get(STATUS);
            return Optional.of(previous == null ? MessageStatus.SENT
                    : MessageStatus.valueOf(previous.s().toUpperCase(Locale.ROOT)));
        } catch (ConditionalCheckFailedException notForward) {
            return Optional.empty();
        }
    }

    /** Every recipient's receipt row of one message (strongly consistent; one row per recipient who acknowledged). */
    public List<Row> rows(MessageRef ref) {
        return QueryPages.all(ddb, QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", MESSAGE_KEY))
                .expressionAttributeValues(Map.of(":k", s(ref.key())))).stream()
                .map(item -> new Row(str(item, USER_ID), MessageStatus.valueOf(str(item, STATUS)
                        .toUpperCase(Locale.ROOT)), num(item, DELIVERED_AT, 0), num(item, READ_AT, 0))).toList();
    }
}

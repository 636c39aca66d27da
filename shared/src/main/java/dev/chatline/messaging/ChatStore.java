package dev.chatline.messaging;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The {@code chats} table: chatId → kind, nextSeq.
 *
 * <p>Invariant: {@code seq} is strictly increasing per chat. Every allocation is one atomic {@code ADD} on
 * {@code nextSeq} that returns the new value, so no two sends of a chat ever get the same seq; a seq whose send
 * failed later stays unused (gaps are allowed).
 */
public final class ChatStore {
    public static final String CHAT_ID = Tables.CHATS.partitionKey().name();
    public static final String KIND = "kind";
    public static final String NEXT_SEQ = "nextSeq";
    public static final String KIND_DIRECT = "direct";
    public static final String KIND_GROUP = "group";

    private final DynamoDbClient ddb;
    private final String table;

    public ChatStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.CHATS);
    }

    /** Allocates the next seq of the chat (creating the chat row on first use); the first seq is 1. */
    public long allocateSeq(String chatId, String kind) {
        return Long.parseLong(ddb.updateItem(r -> r.tableName(table).key(Map.of(CHAT_ID, s(chatId)))
                .updateExpression("ADD #n :one SET #k = if_not_exists(#k, :kind)")
                .expressionAttributeNames(Map.of("#n", NEXT_SEQ, "#k", KIND))
                .expressionAttributeValues(Map.of(":one", n(1), ":kind", s(kind)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get(NEXT_SEQ).n());
    }
}

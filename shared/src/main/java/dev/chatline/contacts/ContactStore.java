package dev.chatline.contacts;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code contacts} table: (userId, contactUserId) → since (epoch ms). Both directions of a direct chat are
 * recorded when the chat gets its first message, so "who shares a direct chat with this user" is one Query.
 *
 * <p>Invariant: the relation is symmetric (both rows are written together, idempotently) and rows are never
 * deleted (a direct chat cannot be left).
 */
public final class ContactStore {
    public static final String USER_ID = Tables.CONTACTS.partitionKey().name();
    public static final String CONTACT_USER_ID = Tables.CONTACTS.sortKey().name();
    public static final String SINCE = "since";

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;

    public ContactStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.CONTACTS);
    }

    /** Records that {@code a} and {@code b} share a direct chat (both rows; idempotent). */
    public void addPair(String a, String b, long sinceMs) {
        batch.write(table, List.of(put(a, b, sinceMs), put(b, a, sinceMs)));
    }

    /** The users who share a direct chat with {@code userId} (strongly consistent, every page). */
    public List<String> contactsOf(String userId) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u").projectionExpression("#c")
                .expressionAttributeNames(Map.of("#u", USER_ID, "#c", CONTACT_USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId)));
        List<String> out = new ArrayList<>();
        QueryPages.forEach(ddb, request, page -> page.items().forEach(item -> out.add(item.get(CONTACT_USER_ID).s())));
        return out;
    }

    /**
     * Which of {@code others} share a direct chat with {@code userId}: one strongly consistent BatchGetItem of the
     * pairs (keys only), at most 100 at a time.
     */
    public Set<String> contactsAmong(String userId, Collection<String> others) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(others).stream()
                .map(other -> Map.of(USER_ID, s(userId), CONTACT_USER_ID, s(other))).toList();
        Set<String> out = new HashSet<>();
        if (!keys.isEmpty()) {
            batch.get(table, keys, true, "#c", Map.of("#c", CONTACT_USER_ID))
                    .forEach(item -> out.add(item.get(CONTACT_USER_ID).s()));
        }
        return out;
    }

    private static WriteRequest put(String userId, String contact, long sinceMs) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(USER_ID, s(userId),
                CONTACT_USER_ID, s(contact), SINCE, n(sinceMs))).build()).build();
    }
}

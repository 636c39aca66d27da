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
 * The {@code contacts} table: (userId, contactUserId) → since (epoch ms), initiatedBy (the user whose message
 * started the chat). Both directions of a direct chat are recorded when the chat gets its first message, so "who
 * shares a direct chat with this user" is one Query, and "did this user start a chat with that one" (the
 * {@code contacts} setting of who may add the user to groups) one batch read that a stranger cannot fake.
 *
 * <p>Invariant: the relation is symmetric (both rows are written together, idempotently) and rows are never
 * deleted (a direct chat cannot be left).
 */
public final class ContactStore {
    public static final String USER_ID = Tables.CONTACTS.partitionKey().name();
    public static final String CONTACT_USER_ID = Tables.CONTACTS.sortKey().name();
    public static final String SINCE = "since";
    public static final String INITIATED_BY = "initiatedBy";

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;

    public ContactStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.CONTACTS);
    }

    /** Records that {@code initiator} started a direct chat with {@code peer} (both rows; idempotent). */
    public void addPair(String initiator, String peer, long sinceMs) {
        batch.write(table, List.of(put(initiator, peer, sinceMs, initiator), put(peer, initiator, sinceMs,
                initiator)));
    }

    /**
     * Which of {@code userIds} started a direct chat with {@code contact} themselves (one batch read of their rows
     * about {@code contact}, eventually consistent).
     */
    public Set<String> startedChatsWith(String contact, Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = userIds.stream().distinct()
                .map(u -> Map.of(USER_ID, s(u), CONTACT_USER_ID, s(contact))).toList();
        Set<String> out = new HashSet<>();
        batch.get(table, keys, false, null, Map.of()).forEach(item -> {
            String user = item.get(USER_ID).s();
            AttributeValue by = item.get(INITIATED_BY);
            if (by != null && user.equals(by.s())) {
                out.add(user);
            }
        });
        return out;
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

    private static WriteRequest put(String userId, String contact, long sinceMs, String initiator) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(USER_ID, s(userId),
                CONTACT_USER_ID, s(contact), SINCE, n(sinceMs), INITIATED_BY, s(initiator))).build()).build();
    }
}

package dev.chatline.groups;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The {@code groups} table: groupId → name, createdBy, createdAt, memberCount, adminCount.
 *
 * <p>Invariants: {@code memberCount} equals the number of member rows and never exceeds the limit, and
 * {@code adminCount} the number of admins, because both change only inside the transaction that adds or deletes
 * the member rows, with a condition on the counter itself ({@code memberCount <= limit - added}, so concurrent adds
 * can never pass the limit; an admin's removal requires another admin to remain unless the group empties).
 */
public final class GroupStore {
    public static final String GROUP_ID = Tables.GROUPS.partitionKey().name();
    public static final String NAME = "name";
    public static final String CREATED_BY = "createdBy";
    public static final String CREATED_AT = "createdAt";
    public static final String MEMBER_COUNT = "memberCount";
    public static final String ADMIN_COUNT = "adminCount";

    /** A group row. */
    public record Group(String groupId, String name, String createdBy, long createdAt, int memberCount,
                        int adminCount) {
    }

    private final DynamoDbClient ddb;
    private final String table;

    public GroupStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.GROUPS);
    }

    /** The group, strongly consistent. */
    public Optional<Group> get(String groupId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(groupId))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Group(str(item, GROUP_ID), str(item, NAME), str(item, CREATED_BY),
                num(item, CREATED_AT, 0), (int) num(item, MEMBER_COUNT, 0), (int) num(item, ADMIN_COUNT, 0)));
    }

    /** Creates the group row (condition: the id is new) with its first members counted, one of them admin. */
    public TransactWriteItem create(Group g) {
        Map<String, AttributeValue> item = Map.of(GROUP_ID, s(g.groupId()), NAME, s(g.name()),
                CREATED_BY, s(g.createdBy()), CREATED_AT, n(g.createdAt()), MEMBER_COUNT, n(g.memberCount()),
                ADMIN_COUNT, n(g.adminCount()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#g)").expressionAttributeNames(Map.of("#g", GROUP_ID))
                .build()).build();
    }

    /** Counts {@code added} new members; fails unless the group exists and stays within {@code maxMembers}. */
    public TransactWriteItem addMembers(String groupId, int added, int maxMembers) {
        return update(groupId, "ADD #m :n", "attribute_exists(#g) AND #m <= :limit",
                Map.of("#m", MEMBER_COUNT, "#g", GROUP_ID), Map.of(":n", n(added), ":limit", n(maxMembers - added)));
    }

    /**
     * Counts one member less. An admin's removal ({@code wasAdmin}) also counts one admin less and requires
     * another admin to remain ({@code adminCount > 1}) or the group to empty; with {@code promoteAnother} another
     * member becomes admin in the same transaction, so the admin count stays.
     */
    public TransactWriteItem removeMember(String groupId, boolean wasAdmin, boolean promoteAnother) {
        Map<String, AttributeValue> values = Map.of(":minus", n(-1), ":one", n(1));
        if (!wasAdmin) {
            return update(groupId, "ADD #m :minus", "#m >= :one", Map.of("#m", MEMBER_COUNT), values);
        }
        Map<String, String> names = Map.of("#m", MEMBER_COUNT, "#a", ADMIN_COUNT);
        if (promoteAnother) {
            return update(groupId, "ADD #m :minus", "#a = :one AND #m > :one", names, values);
        }
        return update(groupId, "ADD #m :minus, #a :minus", "#a > :one OR #m = :one", names, values);
    }

    /** Counts one admin more (a member was promoted). */
    public TransactWriteItem addAdmin(String groupId) {
        return update(groupId, "ADD #a :one", "attribute_exists(#g)", Map.of("#a", ADMIN_COUNT, "#g", GROUP_ID),
                Map.of(":one", n(1)));
    }

    private TransactWriteItem update(String groupId, String expression, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(groupId))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    private static Map<String, AttributeValue> key(String groupId) {
        return Map.of(GROUP_ID, s(groupId));
    }
}

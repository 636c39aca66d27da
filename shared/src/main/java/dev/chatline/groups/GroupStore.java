package dev.chatline.groups;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The {@code groups} table: groupId → name, createdBy, createdAt, memberCount, adminCount.
 *
 * <p>Invariants: {@code memberCount} equals the number of member rows and never exceeds the limit, and
 * {@code adminCount} the number of admins, because both change only inside the transaction that adds or deletes
 * the member rows, with a condition on the counter itself ({@code memberCount <= limit - added}, so concurrent adds
 * can never pass the limit; an admin's removal requires another admin to remain unless the group empties).
 *
 * <p>A change too large for one transaction holds the group's <b>lock</b> ({@code lock} = its operation key,
 * {@code lockedAt}) from before its first write until its last: every other change's transaction requires the lock
 * to be absent, so nothing interleaves with a staged change (see {@link StagedChange}).
 */
public final class GroupStore {
    public static final String GROUP_ID = Tables.GROUPS.partitionKey().name();
    public static final String NAME = "name";
    public static final String CREATED_BY = "createdBy";
    public static final String CREATED_AT = "createdAt";
    public static final String MEMBER_COUNT = "memberCount";
    public static final String ADMIN_COUNT = "adminCount";
    public static final String LOCK = "lock";
    public static final String LOCKED_AT = "lockedAt";
    private static final String UNLOCKED = "attribute_not_exists(#lock)";

    /** A group row; {@code lock} is the operation key of the staged change holding it, or null. */
    public record Group(String groupId, String name, String createdBy, long createdAt, int memberCount,
                        int adminCount, String lock, long lockedAt) {
        public Group(String groupId, String name, String createdBy, long createdAt, int memberCount,
                     int adminCount) {
            this(groupId, name, createdBy, createdAt, memberCount, adminCount, null, 0);
        }

        public Optional<String> lockHolder() {
            return Optional.ofNullable(lock);
        }
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
                num(item, CREATED_AT, 0), (int) num(item, MEMBER_COUNT, 0), (int) num(item, ADMIN_COUNT, 0),
                str(item, LOCK), num(item, LOCKED_AT, 0)));
    }

    /**
     * Creates the group row (condition: the id is new) with its first members counted, one of them admin; a row
     * with a lock ({@link Group#lock()}) is the start of a staged creation, with nothing counted yet.
     */
    public TransactionWrite create(Group g) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(GROUP_ID, s(g.groupId()), NAME, s(g.name()),
                CREATED_BY, s(g.createdBy()), CREATED_AT, n(g.createdAt()), MEMBER_COUNT, n(g.memberCount()),
                ADMIN_COUNT, n(g.adminCount())));
        if (g.lock() != null) {
            item.put(LOCK, s(g.lock()));
            item.put(LOCKED_AT, n(g.lockedAt()));
        }
        return TransactionWrite.put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#g)").expressionAttributeNames(Map.of("#g", GROUP_ID))
                .build());
    }

    /**
     * Counts {@code added} new members; fails unless the group exists, is not locked and stays within
     * {@code maxMembers} (with {@code added} = 0: only checks that the group exists unlocked).
     */
    public TransactionWrite addMembers(String groupId, int added, int maxMembers) {
        if (added == 0) {
            return TransactionWrite.check(ConditionCheck.builder().tableName(table)
                    .key(key(groupId)).conditionExpression("attribute_exists(#g) AND " + UNLOCKED)
                    .expressionAttributeNames(Map.of("#g", GROUP_ID, "#lock", LOCK)).build());
        }
        return update(groupId, "ADD #m :n", "attribute_exists(#g) AND #m <= :limit AND " + UNLOCKED,
                Map.of("#m", MEMBER_COUNT, "#g", GROUP_ID, "#lock", LOCK),
                Map.of(":n", n(added), ":limit", n(maxMembers - added)));
    }

    /**
     * Takes the lock for a staged change that will add {@code adding} members: fails if the group is missing or
     * locked, or if they would not fit.
     */
    public TransactionWrite lock(String groupId, String opKey, long nowMs, int adding, int maxMembers) {
        return update(groupId, "SET #lock = :op, #at = :now",
                "attribute_exists(#g) AND " + UNLOCKED + " AND #m <= :limit",
                Map.of("#lock", LOCK, "#at", LOCKED_AT, "#g", GROUP_ID, "#m", MEMBER_COUNT),
                Map.of(":op", s(opKey), ":now", n(nowMs), ":limit", n(maxMembers - adding)));
    }

    /** Commits a staged change: counts its members and admins; fails unless it still holds the lock. */
    public TransactionWrite commitLocked(String groupId, String opKey, int added, int admins) {
        return update(groupId, "ADD #m :n, #a :admins", "#lock = :op",
                Map.of("#m", MEMBER_COUNT, "#a", ADMIN_COUNT, "#lock", LOCK),
                Map.of(":n", n(added), ":admins", n(admins), ":op", s(opKey)));
    }

    /** Releases the lock of a finished (or rolled-back) change. */
    public TransactionWrite unlock(String groupId, String opKey) {
        return TransactionWrite.update(Update.builder().tableName(table).key(key(groupId))
                .updateExpression("REMOVE #lock, #at").conditionExpression("#lock = :op")
                .expressionAttributeNames(Map.of("#lock", LOCK, "#at", LOCKED_AT))
                .expressionAttributeValues(Map.of(":op", s(opKey))).build());
    }

    /** Deletes the row of a staged creation that is rolled back (only while that change holds the lock). */
    public TransactionWrite deleteLocked(String groupId, String opKey) {
        return TransactionWrite.delete(Delete.builder().tableName(table).key(key(groupId))
                .conditionExpression("#lock = :op").expressionAttributeNames(Map.of("#lock", LOCK))
                .expressionAttributeValues(Map.of(":op", s(opKey))).build());
    }

    /**
     * Counts one member less. An admin's removal ({@code wasAdmin}) also counts one admin less and requires
     * another admin to remain ({@code adminCount > 1}) or the group to empty; with {@code promoteAnother} another
     * member becomes admin in the same transaction, so the admin count stays.
     */
    public TransactionWrite removeMember(String groupId, boolean wasAdmin, boolean promoteAnother) {
        Map<String, AttributeValue> values = Map.of(":minus", n(-1), ":one", n(1));
        if (!wasAdmin) {
            return update(groupId, "ADD #m :minus", "#m >= :one AND " + UNLOCKED,
                    Map.of("#m", MEMBER_COUNT, "#lock", LOCK), values);
        }
        Map<String, String> names = Map.of("#m", MEMBER_COUNT, "#a", ADMIN_COUNT, "#lock", LOCK);
        if (promoteAnother) {
            return update(groupId, "ADD #m :minus", "#a = :one AND #m > :one AND " + UNLOCKED, names, values);
        }
        return update(groupId, "ADD #m :minus, #a :minus", "(#a > :one OR #m = :one) AND " + UNLOCKED, names,
                values);
    }

    /** Counts one admin more (a member was promoted); fails while the group is locked. */
    public TransactionWrite addAdmin(String groupId) {
        return update(groupId, "ADD #a :one", "attribute_exists(#g) AND " + UNLOCKED,
                Map.of("#a", ADMIN_COUNT, "#g", GROUP_ID, "#lock", LOCK), Map.of(":one", n(1)));
    }

    /**
     * Runs the items as one transaction (any tables).
     *
     * @return false if a condition failed or a concurrent transaction conflicted (nothing was written)
     */
    public boolean transact(List<TransactionWrite> items) {
        try {
            TransactionWrite.transact(ddb, items);
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    private TransactionWrite update(String groupId, String expression, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values) {
        return TransactionWrite.update(Update.builder().tableName(table).key(key(groupId))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build());
    }

    private static Map<String, AttributeValue> key(String groupId) {
        return Map.of(GROUP_ID, s(groupId));
    }
}

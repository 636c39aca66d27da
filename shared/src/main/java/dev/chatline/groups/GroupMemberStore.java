package dev.chatline.groups;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The {@code group-members} table: (groupId, userId) → role, memberSince, joinedAt, groupName; GSI {@code byUser}
 * (userId → the user's groups). One row per current member: a member who leaves or is removed loses the row, so
 * every read answers with current members only.
 *
 * <p>Invariants: a row is created only if absent and deleted or changed only if its role is the one the caller
 * read (conditional writes inside the membership transaction of {@link GroupStore}); {@code memberSince} is the
 * seq after which the member receives the group's messages (the seq of its own "added" message minus one).
 */
public final class GroupMemberStore {
    public static final String GROUP_ID = Tables.GROUP_MEMBERS.partitionKey().name();
    public static final String USER_ID = Tables.GROUP_MEMBERS.sortKey().name();
    public static final String BY_USER = "byUser";
    public static final String ROLE = "role";
    public static final String MEMBER_SINCE = "memberSince";
    public static final String JOINED_AT = "joinedAt";
    public static final String GROUP_NAME = "groupName";

    /** A member's role. */
    public enum Role {
        ADMIN, MEMBER;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role of(String wire) {
            return "admin".equals(wire) ? ADMIN : MEMBER;
        }
    }

    /** A member row; ordered by seniority ({@link #SENIORITY}). */
    public record Member(String groupId, String userId, Role role, long memberSince, long joinedAt,
                         String groupName) {
        public boolean isAdmin() {
            return role == Role.ADMIN;
        }
    }

    /** Longest-standing first (then by user id): the order of member lists and of automatic promotion. */
    public static final Comparator<Member> SENIORITY = Comparator.comparingLong(Member::memberSince)
            .thenComparingLong(Member::joinedAt).thenComparing(Member::userId);

    private final DynamoDbClient ddb;
    private final String table;

    public GroupMemberStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.table = config.tableName(Tables.GROUP_MEMBERS);
    }

    /** The member row, strongly consistent; empty if the user is not (or no longer) a member. */
    public Optional<Member> get(String groupId, String userId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(groupId, userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Every current member, strongly consistent, by seniority (at most the group limit of rows). */
    public List<Member> members(String groupId) {
        return QueryPages.all(ddb, QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#g = :g").expressionAttributeNames(Map.of("#g", GROUP_ID))
                .expressionAttributeValues(Map.of(":g", s(groupId)))).stream()
                .map(GroupMemberStore::fromItem).sorted(SENIORITY).toList();
    }

    /** The user's memberships (GSI, eventually consistent), one per group. */
    public List<Member> groupsOf(String userId) {
        return QueryPages.all(ddb, QueryRequest.builder().tableName(table).indexName(BY_USER)
                .keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId)))).stream()
                .map(GroupMemberStore::fromItem).toList();
    }

    /** Writes a new member row (condition: the user is not a member). */
    public TransactWriteItem add(Member m) {
        Map<String, AttributeValue> item = Map.of(GROUP_ID, s(m.groupId()), USER_ID, s(m.userId()),
                ROLE, s(m.role().wire()), MEMBER_SINCE, n(m.memberSince()), JOINED_AT, n(m.joinedAt()),
                GROUP_NAME, s(m.groupName()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", USER_ID))
                .build()).build();
    }

    /** Deletes the member row (condition: it exists with the role the caller read). */
    public TransactWriteItem remove(Member m) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(m.groupId(), m.userId()))
                .conditionExpression("#r = :r").expressionAttributeNames(Map.of("#r", ROLE))
                .expressionAttributeValues(Map.of(":r", s(m.role().wire()))).build()).build();
    }

    /**
     * A check (for a transaction) that the user is a current member who joined before {@code seq}: a receipt
     * applied in the same transaction can then never count a removed member or one who joined later.
     */
    public TransactWriteItem memberBefore(String groupId, String userId, long seq) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(key(groupId, userId)).conditionExpression("#m < :seq")
                .expressionAttributeNames(Map.of("#m", MEMBER_SINCE)).expressionAttributeValues(Map.of(":seq", n(seq)))
                .build()).build();
    }

    /** Makes a plain member admin (condition: it is a member, not yet admin). */
    public TransactWriteItem promote(Member m) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(m.groupId(), m.userId()))
                .updateExpression("SET #r = :admin").conditionExpression("#r = :member")
                .expressionAttributeNames(Map.of("#r", ROLE))
                .expressionAttributeValues(Map.of(":admin", s(Role.ADMIN.wire()), ":member", s(Role.MEMBER.wire())))
                .build()).build();
    }

    private static Member fromItem(Map<String, AttributeValue> item) {
        return new Member(str(item, GROUP_ID), str(item, USER_ID), Role.of(str(item, ROLE)),
                num(item, MEMBER_SINCE, 0), num(item, JOINED_AT, 0), str(item, GROUP_NAME));
    }

    private static Map<String, AttributeValue> key(String groupId, String userId) {
        return Map.of(GROUP_ID, s(groupId), USER_ID, s(userId));
    }
}

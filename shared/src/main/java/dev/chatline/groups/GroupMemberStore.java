package dev.chatline.groups;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.Attrs;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code group-members} table: (groupId, userId) → role, memberSince, joinedAt, groupName; GSI {@code byUser}
 * (userId → the user's groups). One row per current member: a member who leaves or is removed loses the row.
 *
 * <p>A change too large for one transaction ({@link StagedChange}) also keeps, in the group's partition, its
 * <b>operation row</b> (userId {@code #op#<opKey>}, which no user id can be: the plan, {@code staging} or
 * {@code committed} at a seq) and writes <b>staged rows</b> (attribute {@code op} = the operation key,
 * memberSince {@link Long#MAX_VALUE}). Every read here answers current members only: a staged row counts as a
 * member once its operation row says committed (memberSince = that seq - 1), and not before.
 *
 * <p>Invariants: a row is created only if absent and deleted or changed only if its role is the one the caller
 * read (conditional writes inside the membership transaction of {@link GroupStore}); {@code memberSince} is the
 * seq after which the member receives the group's messages (the seq of its own "added" message minus one); a
 * staged row never passes {@link #memberBefore}, so no receipt is counted for a member before its change commits.
 */
public final class GroupMemberStore {
    public static final String GROUP_ID = Tables.GROUP_MEMBERS.partitionKey().name();
    public static final String USER_ID = Tables.GROUP_MEMBERS.sortKey().name();
    public static final String BY_USER = "byUser";
    public static final String ROLE = "role";
    public static final String MEMBER_SINCE = "memberSince";
    public static final String JOINED_AT = "joinedAt";
    public static final String GROUP_NAME = "groupName";
    /** On a staged row: the operation that wrote it. */
    public static final String OP = "op";
    /** Prefix of operation rows' sort keys (never a user id: ids cannot contain {@code #}). */
    public static final String OP_ROW_PREFIX = "#op#";
    static final String KIND = "kind";
    static final String ACTOR = "actor";
    static final String ACTOR_DEVICE = "actorDevice";
    static final String ADDED = "added";
    static final String INVITED = "invited";
    static final String STATE = "state";
    static final String SEQ = "seq";
    static final String STARTED_AT = "startedAt";

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

    /** A member row; ordered by seniority ({@link #SENIORITY}); {@code pendingOp} is set on staged rows. */
    public record Member(String groupId, String userId, Role role, long memberSince, long joinedAt,
                         String groupName, String pendingOp) {
        public Member(String groupId, String userId, Role role, long memberSince, long joinedAt, String groupName) {
            this(groupId, userId, role, memberSince, joinedAt, groupName, null);
        }

        public boolean isAdmin() {
            return role == Role.ADMIN;
        }

        Member since(long seq) {
            return new Member(groupId, userId, role, seq, joinedAt, groupName, pendingOp);
        }
    }

    /** What a change reads: the current members, the staged rows and the operation in flight, if any. */
    public record Roster(List<Member> current, List<Member> staged, Optional<PendingOp> op) {
        public Optional<Member> find(String userId) {
            return current.stream().filter(m -> m.userId().equals(userId)).findFirst();
        }
    }

    /** One page of a user's groups and the group id to continue after, if more may follow. */
    public record Page(List<Member> memberships, Optional<String> lastGroupId) {
    }

    /** Longest-standing first (then by user id): the order of member lists and of automatic promotion. */
    public static final Comparator<Member> SENIORITY = Comparator.comparingLong(Member::memberSince)
            .thenComparingLong(Member::joinedAt).thenComparing(Member::userId);

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;

    public GroupMemberStore(DynamoDbClient ddb, ChatConfig config) {
        this.ddb = ddb;
        this.batch = new DynamoBatch(ddb);
        this.table = config.tableName(Tables.GROUP_MEMBERS);
    }

    /** The member row, strongly consistent; empty if the user is not (or no longer, or not yet) a member. */
    public Optional<Member> get(String groupId, String userId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(groupId, userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : resolve(fromItem(item));
    }

    /** The user's member rows of these groups (one strongly consistent batch read); non-members are absent. */
    public Map<String, Member> memberships(String userId, Collection<String> groupIds) {
        List<Map<String, AttributeValue>> keys = groupIds.stream().distinct().map(g -> key(g, userId)).toList();
        Map<String, Member> out = new HashMap<>();
        batch.get(table, keys, true, null, Map.of()).forEach(item ->
                resolve(fromItem(item)).ifPresent(m -> out.put(m.groupId(), m)));
        return out;
    }

    /** Every current member, strongly consistent, by seniority (at most the group limit of rows). */
    public List<Member> members(String groupId) {
        return roster(groupId).current();
    }

    /** The group's current members, its staged rows and its operation in flight (one strongly consistent Query). */
    public Roster roster(String groupId) {
        List<Member> published = new ArrayList<>();
        List<Member> staged = new ArrayList<>();
        PendingOp op = null;
        for (Map<String, AttributeValue> item : QueryPages.all(ddb, QueryRequest.builder().tableName(table)
                .consistentRead(true).keyConditionExpression("#g = :g").expressionAttributeNames(Map.of("#g", GROUP_ID))
                .expressionAttributeValues(Map.of(":g", s(groupId))))) {
            if (str(item, USER_ID).startsWith(OP_ROW_PREFIX)) {
                op = opFromItem(item);
            } else if (item.containsKey(OP)) {
                staged.add(fromItem(item));
            } else {
                published.add(fromItem(item));
            }
        }
        List<Member> current = new ArrayList<>(published);
        if (op != null && op.committed()) {
            long since = op.seq() - 1;
            String opKey = op.opKey();
            staged.stream().filter(m -> opKey.equals(m.pendingOp())).forEach(m -> current.add(m.since(since)));
        }
        current.sort(SENIORITY);
        return new Roster(List.copyOf(current), List.copyOf(staged), Optional.ofNullable(op));
    }

    /** The user's memberships (GSI, eventually consistent), one per group, every page. */
    public List<Member> groupsOf(String userId) {
        List<Member> out = new ArrayList<>();
        QueryPages.forEach(ddb, byUser(userId), page -> out.addAll(current(page)));
        return out;
    }

    /** Up to {@code limit} of the user's memberships after {@code afterGroupId} (GSI, in group id order). */
    public Page groupsPage(String userId, Optional<String> afterGroupId, int limit) {
        QueryRequest.Builder request = byUser(userId).limit(limit);
        afterGroupId.ifPresent(g -> request.exclusiveStartKey(key(g, userId)));
        QueryResponse response = ddb.query(request.build());
        Optional<String> last = response.hasLastEvaluatedKey() && response.lastEvaluatedKey().containsKey(GROUP_ID)
                ? Optional.of(response.lastEvaluatedKey().get(GROUP_ID).s()) : Optional.empty();
        return new Page(current(response), last);
    }

    /** Writes a new member row (condition: the user is not a member). */
    public TransactionWrite add(Member m) {
        return put(m, null);
    }

    /** Writes a staged row of the operation {@code opKey} (condition: the user has no row). */
    public TransactionWrite stage(Member m, String opKey) {
        return put(m.since(Long.MAX_VALUE), opKey);
    }

    /** Turns a staged row into a plain member row joined at {@code memberSince} (condition: still staged by it). */
    public TransactionWrite publish(Member m, long memberSince, String opKey) {
        return TransactionWrite.update(Update.builder().tableName(table).key(key(m.groupId(), m.userId()))
                .updateExpression("SET #m = :since REMOVE #op").conditionExpression("#op = :op")
                .expressionAttributeNames(Map.of("#m", MEMBER_SINCE, "#op", OP))
                .expressionAttributeValues(Map.of(":since", n(memberSince), ":op", s(opKey))).build());
    }

    /** Deletes staged rows of a rolled-back operation (plain batch deletes: the operation holds the group lock). */
    public void unstage(List<Member> staged) {
        batch.write(table, staged.stream().map(m -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(key(m.groupId(), m.userId())).build()).build()).toList());
    }

    /** Writes the operation row of a staged change (condition: new). */
    public TransactionWrite putOp(PendingOp op) {
        Map<String, AttributeValue> item = new HashMap<>(key(op.groupId(), OP_ROW_PREFIX + op.opKey()));
        item.put(KIND, s(op.kind()));
        item.put(ACTOR, s(op.actorUserId()));
        item.put(ACTOR_DEVICE, s(op.actorDeviceId()));
        item.put(GROUP_NAME, s(op.groupName()));
        item.put(ADDED, list(op.added()));
        item.put(INVITED, list(op.invited()));
        item.put(STATE, s(PendingOp.STAGING));
        item.put(STARTED_AT, n(op.startedAt()));
        return TransactionWrite.put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", USER_ID))
                .build());
    }

    /** A check (for a staging transaction) that the operation is still staging: not committed, not aborted. */
    public TransactionWrite stillStaging(String groupId, String opKey) {
        return check(groupId, OP_ROW_PREFIX + opKey, "#s = :staging", Map.of("#s", STATE),
                Map.of(":staging", s(PendingOp.STAGING)));
    }

    /**
     * Marks the operation aborted before its rollback (condition: still staging), so that neither its owner's
     * staging nor its commit can succeed afterwards; false if it committed (or ended) first.
     */
    public boolean abortOp(String groupId, String opKey) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(groupId, OP_ROW_PREFIX + opKey))
                    .updateExpression("SET #s = :aborted").conditionExpression("#s = :staging")
                    .expressionAttributeNames(Map.of("#s", STATE))
                    .expressionAttributeValues(Map.of(":aborted", s(PendingOp.ABORTED), ":staging", s(PendingOp.STAGING))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Marks the operation committed at {@code seq} (condition: still staging). */
    public TransactionWrite commitOp(String groupId, String opKey, long seq) {
        return TransactionWrite.update(Update.builder().tableName(table)
                .key(key(groupId, OP_ROW_PREFIX + opKey)).updateExpression("SET #s = :committed, #q = :seq")
                .conditionExpression("#s = :staging").expressionAttributeNames(Map.of("#s", STATE, "#q", SEQ))
                .expressionAttributeValues(Map.of(":committed", s(PendingOp.COMMITTED), ":staging", s(PendingOp.STAGING),
                        ":seq", n(seq))).build());
    }

    /** Deletes the operation row (with the lock's release). */
    public TransactionWrite deleteOp(String groupId, String opKey) {
        return TransactionWrite.delete(Delete.builder().tableName(table)
                .key(key(groupId, OP_ROW_PREFIX + opKey)).build());
    }

    /** Deletes the member row (condition: it exists with the role the caller read). */
    public TransactionWrite remove(Member m) {
        return TransactionWrite.delete(Delete.builder().tableName(table).key(key(m.groupId(), m.userId()))
                .conditionExpression("#r = :r").expressionAttributeNames(Map.of("#r", ROLE))
                .expressionAttributeValues(Map.of(":r", s(m.role().wire()))).build());
    }

    /**
     * A check (for a transaction) that the user is a current member who joined before {@code seq}: a receipt
     * applied in the same transaction can then never count a removed member or one who joined later.
     */
    public TransactionWrite memberBefore(String groupId, String userId, long seq) {
        return check(groupId, userId, "#m < :seq AND attribute_not_exists(#op)", Map.of("#m", MEMBER_SINCE, "#op", OP),
                Map.of(":seq", n(seq)));
    }

    /**
     * A check (for a transaction) that the user is an admin of the group right now: every change an admin makes
     * carries it, so an admin removed while its change was in flight cannot complete it.
     */
    public TransactionWrite adminNow(String groupId, String userId) {
        return check(groupId, userId, "#r = :admin AND attribute_not_exists(#op)", Map.of("#r", ROLE, "#op", OP),
                Map.of(":admin", s(Role.ADMIN.wire())));
    }

    /** Makes a plain member admin (condition: it is a member, not yet admin). */
    public TransactionWrite promote(Member m) {
        return TransactionWrite.update(Update.builder().tableName(table).key(key(m.groupId(), m.userId()))
                .updateExpression("SET #r = :admin").conditionExpression("#r = :member")
                .expressionAttributeNames(Map.of("#r", ROLE))
                .expressionAttributeValues(Map.of(":admin", s(Role.ADMIN.wire()), ":member", s(Role.MEMBER.wire())))
                .build());
    }

    /** The operation row of {@code opKey}, strongly consistent. */
    Optional<PendingOp> op(String groupId, String opKey) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(groupId, OP_ROW_PREFIX + opKey))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(opFromItem(item));
    }

    /** A published row as it is; a staged row as a member only if its operation committed (one more read). */
    private Optional<Member> resolve(Member m) {
        if (m.pendingOp() == null) {
            return Optional.of(m);
        }
        return op(m.groupId(), m.pendingOp()).filter(PendingOp::committed).map(op -> m.since(op.seq() - 1));
    }

    private List<Member> current(QueryResponse page) {
        return page.items().stream().map(GroupMemberStore::fromItem).map(this::resolve).flatMap(Optional::stream)
                .toList();
    }

    private QueryRequest.Builder byUser(String userId) {
        return QueryRequest.builder().tableName(table).indexName(BY_USER).keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID)).expressionAttributeValues(Map.of(":u", s(userId)));
    }

    private TransactionWrite put(Member m, String opKey) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(GROUP_ID, s(m.groupId()), USER_ID, s(m.userId()),
                ROLE, s(m.role().wire()), MEMBER_SINCE, n(m.memberSince()), JOINED_AT, n(m.joinedAt()),
                GROUP_NAME, s(m.groupName())));
        if (opKey != null) {
            item.put(OP, s(opKey));
        }
        return TransactionWrite.put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#u)").expressionAttributeNames(Map.of("#u", USER_ID))
                .build());
    }

    private TransactionWrite check(String groupId, String userId, String condition, Map<String, String> names,
                                    Map<String, AttributeValue> values) {
        return TransactionWrite.check(ConditionCheck.builder().tableName(table)
                .key(key(groupId, userId)).conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(values).build());
    }

    private static Member fromItem(Map<String, AttributeValue> item) {
        return new Member(str(item, GROUP_ID), str(item, USER_ID), Role.of(str(item, ROLE)),
                num(item, MEMBER_SINCE, 0), num(item, JOINED_AT, 0), str(item, GROUP_NAME), str(item, OP));
    }

    private static PendingOp opFromItem(Map<String, AttributeValue> item) {
        return new PendingOp(str(item, GROUP_ID), str(item, USER_ID).substring(OP_ROW_PREFIX.length()),
                str(item, KIND), str(item, ACTOR), str(item, ACTOR_DEVICE), str(item, GROUP_NAME),
                strings(item, ADDED), strings(item, INVITED), str(item, STATE), num(item, SEQ, 0),
                num(item, STARTED_AT, 0));
    }

    private static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Attrs::s).toList());
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }

    private static Map<String, AttributeValue> key(String groupId, String userId) {
        return Map.of(GROUP_ID, s(groupId), USER_ID, s(userId));
    }
}

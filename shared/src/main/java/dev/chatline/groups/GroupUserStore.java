package dev.chatline.groups;

import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;
import static dev.chatline.aws.Attrs.str;

import dev.chatline.aws.Attrs;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@code group-users} table: a user's side of groups, one partition per user, four kinds of rows.
 * <ul>
 *   <li>{@value #LEDGER}: {@code groupCount}, how many groups the user is in. It moves only in the transaction that
 *   writes or deletes one of the user's member rows (or that publishes a staged one), and a join is conditional on
 *   the count staying below the cap, so concurrent adds cannot pass it.</li>
 *   <li>{@code i#<groupId>}: a pending invitation (who invited, the group's name, expiry). Written by a change whose
 *   adder the user's "who can add me" setting refused; deleted when accepted, declined, or rolled back with its
 *   change. Expired rows are never returned.</li>
 *   <li>{@code g#<groupId>}: a slot of the user's group count held for a group of another cell (cells, see
 *   {@link GroupSlots}): written with the count's increment in one transaction (conditional on the cap), deleted
 *   with its decrement, so reserving and releasing are idempotent per group and the count is the user's member rows
 *   here plus these rows. Carries the group's name: {@code groupList} lists these groups from it.</li>
 *   <li>{@code o#<opId>}: a group change the user made, by its client operation id: {@code running} while a staged
 *   change is in flight, {@code done} with the seq of its system message once committed (in the same transaction),
 *   so a retry with the same id answers the same result and applies nothing twice. Expires after a day.</li>
 * </ul>
 */
public final class GroupUserStore {
    public static final String USER_ID = Tables.GROUP_USERS.partitionKey().name();
    public static final String ITEM_KEY = Tables.GROUP_USERS.sortKey().name();
    public static final String LEDGER = "#";
    public static final String GROUP_COUNT = "groupCount";
    public static final String GROUP_ID = "groupId";
    public static final String GROUP_NAME = "groupName";
    public static final String INVITED_BY = "invitedBy";
    public static final String CREATED_AT = "createdAt";
    /** On an invitation: the staged change that wrote it (rolled back with it). */
    public static final String OP = "op";
    public static final String KIND = "kind";
    public static final String STATE = "state";
    public static final String SEQ = "seq";
    public static final String INVITED = "invited";
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    private static final String RUNNING = "running";
    private static final String DONE = "done";
    private static final String DELIVERED = "delivered";
    private static final String SLOT_PREFIX = "g#";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    /** A pending invitation of {@code userId} into {@code groupId}; {@code op} is the change that wrote it. */
    public record Invitation(String userId, String groupId, String groupName, String invitedBy, long createdAt,
                             long expiresAt, String op) {
    }

    /**
     * A group change made by {@code userId} under {@code opId}: {@code done} once committed, with its system
     * message's seq and the users it invited; {@code delivered} once its system message reached every inbox and
     * live connection (a retry of a change that is done but not delivered delivers it again).
     */
    public record OpRecord(String userId, String opId, String groupId, String kind, boolean done, long seq,
                           List<String> invited, long expiresAt, boolean delivered) {
        public OpRecord {
            invited = List.copyOf(invited);
        }

        /** The same operation, committed at {@code atSeq}. */
        public OpRecord completed(long atSeq, List<String> invitedUsers) {
            return new OpRecord(userId, opId, groupId, kind, true, atSeq, invitedUsers, expiresAt, false);
        }
    }

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;
    private final Clock clock;

    public GroupUserStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config, Clock clock) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(Tables.GROUP_USERS);
        this.clock = clock;
    }

    /** How many groups each user is in (users never counted are absent); eventually consistent. */
    public Map<String, Integer> groupCounts(Collection<String> userIds) {
        List<Map<String, AttributeValue>> keys = userIds.stream().distinct().map(u -> key(u, LEDGER)).toList();
        Map<String, Integer> out = new HashMap<>();
        batch.get(table, keys, false, "#u, #c", Map.of("#u", USER_ID, "#c", GROUP_COUNT))
                .forEach(item -> out.put(str(item, USER_ID), (int) num(item, GROUP_COUNT, 0)));
        return out;
    }

    /** Counts one more group for the user; fails (in the transaction) if it would pass {@code cap}. */
    public TransactionWrite join(String userId, int cap) {
        return ledger(userId, 1, "attribute_not_exists(#c) OR #c < :cap", Map.of(":cap", n(cap)));
    }

    /** Counts one group less for the user. */
    public TransactionWrite leave(String userId) {
        return ledger(userId, -1, null, Map.of());
    }

    /**
     * Holds one of the user's group slots for {@code groupId} (a group of another cell): the slot row and the count's
     * increment in one transaction, conditional on the count staying below {@code cap}. Idempotent: a slot already
     * held is held.
     *
     * @return false if the user is in {@code cap} groups (nothing written)
     * @throws TransactionCanceledException on a concurrent conflict (nothing written; the caller retries)
     */
    public boolean reserveSlot(String userId, String groupId, String groupName, int cap) {
        Map<String, AttributeValue> item = new HashMap<>(key(userId, slotKey(groupId)));
        item.put(GROUP_ID, s(groupId));
        item.put(GROUP_NAME, s(groupName));
        item.put(CREATED_AT, n(clock.millis()));
        try {
            TransactionWrite.transact(ddb, List.of(TransactionWrite.put(Put.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", ITEM_KEY))
                    .build()), join(userId, cap)));
            return true;
        } catch (TransactionCanceledException e) {
            if (slotHeld(userId, groupId)) {
                return true;
            }
            if (e.hasCancellationReasons() && e.cancellationReasons().size() > 1
                    && CONDITION_FAILED.equals(e.cancellationReasons().get(1).code())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Gives back the user's slot of {@code groupId}: the slot row's deletion and the count's decrement in one
     * transaction. Idempotent: a slot not held is nothing to release.
     */
    public void releaseSlot(String userId, String groupId) {
        try {
            TransactionWrite.transact(ddb, List.of(TransactionWrite.delete(Delete.builder().tableName(table)
                    .key(key(userId, slotKey(groupId))).conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", ITEM_KEY)).build()), leave(userId)));
        } catch (TransactionCanceledException e) {
            if (slotHeld(userId, groupId)) {
                throw e;
            }
        }
    }

    /** Whether the user holds a slot for {@code groupId}, strongly consistent. */
    public boolean slotHeld(String userId, String groupId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId, slotKey(groupId)))).item();
        return item != null && !item.isEmpty();
    }

    /** A group of another cell the user holds a slot for: its id, name (as of the join), when it was reserved. */
    public record Slot(String groupId, String groupName, long createdAt) {
    }

    /** A page of slots in group id order; {@code lastGroupId} present when more may follow it. */
    public record SlotPage(List<Slot> slots, Optional<String> lastGroupId) {
    }

    /** Up to {@code limit} of the user's slots after {@code afterGroupId}, in group id order (strongly consistent). */
    public SlotPage slotsPage(String userId, Optional<String> afterGroupId, int limit) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true).limit(limit)
                .keyConditionExpression("#u = :u AND begins_with(#k, :p)")
                .expressionAttributeNames(Map.of("#u", USER_ID, "#k", ITEM_KEY))
                .expressionAttributeValues(Map.of(":u", s(userId), ":p", s(SLOT_PREFIX)));
        afterGroupId.ifPresent(g -> request.exclusiveStartKey(key(userId, slotKey(g))));
        QueryResponse response = ddb.query(request.build());
        Optional<String> last = response.hasLastEvaluatedKey()
                ? Optional.of(response.lastEvaluatedKey().get(ITEM_KEY).s().substring(SLOT_PREFIX.length()))
                : Optional.empty();
        return new SlotPage(response.items().stream().map(i -> new Slot(str(i, GROUP_ID), str(i, GROUP_NAME),
                        num(i, CREATED_AT, 0)))
                .toList(), last);
    }

    /** Writes (or renews) an invitation. */
    public TransactionWrite invite(Invitation i) {
        Map<String, AttributeValue> item = new HashMap<>(key(i.userId(), inviteKey(i.groupId())));
        item.put(GROUP_ID, s(i.groupId()));
        item.put(GROUP_NAME, s(i.groupName()));
        item.put(INVITED_BY, s(i.invitedBy()));
        item.put(CREATED_AT, n(i.createdAt()));
        item.put(EXPIRES_AT, n(i.expiresAt()));
        if (i.op() != null) {
            item.put(OP, s(i.op()));
        }
        return TransactionWrite.put(Put.builder().tableName(table).item(item).build());
    }

    /** The user's unexpired invitation into the group, strongly consistent. */
    public Optional<Invitation> invitation(String userId, String groupId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId, inviteKey(groupId)))).item();
        if (item == null || item.isEmpty() || !Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(new Invitation(userId, groupId, str(item, GROUP_NAME), str(item, INVITED_BY),
                num(item, CREATED_AT, 0), num(item, EXPIRES_AT, 0), str(item, OP)));
    }

    /** Deletes the invitation as part of its acceptance (fails unless it exists and is unexpired). */
    public TransactionWrite consumeInvitation(String userId, String groupId) {
        return TransactionWrite.delete(Delete.builder().tableName(table).key(key(userId,
                        inviteKey(groupId))).conditionExpression("#e > :now")
                .expressionAttributeNames(Map.of("#e", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond()))).build());
    }

    /** Deletes the invitation; false if there was no unexpired one. */
    public boolean decline(String userId, String groupId) {
        try {
            ddb.deleteItem(r -> r.tableName(table).key(key(userId, inviteKey(groupId)))
                    .conditionExpression("#e > :now").expressionAttributeNames(Map.of("#e", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes these users' invitations into the group (a rolled-back change's; missing rows are fine). */
    public void withdrawInvitations(String groupId, List<String> userIds) {
        batch.write(table, userIds.stream().distinct().map(u -> WriteRequest.builder().deleteRequest(
                DeleteRequest.builder().key(key(u, inviteKey(groupId))).build()).build()).toList());
    }

    /** The user's unexpired record of {@code opId}, strongly consistent. */
    public Optional<OpRecord> op(String userId, String opId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(userId, opKey(opId)))).item();
        if (item == null || item.isEmpty() || !Attrs.alive(item, EXPIRES_AT, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        AttributeValue invited = item.get(INVITED);
        String state = str(item, STATE);
        return Optional.of(new OpRecord(userId, opId, str(item, GROUP_ID), str(item, KIND),
                DONE.equals(state) || DELIVERED.equals(state), num(item, SEQ, 0),
                invited == null || !invited.hasL() ? List.of() : invited.l().stream().map(AttributeValue::s).toList(),
                num(item, EXPIRES_AT, 0), DELIVERED.equals(state)));
    }

    /**
     * The seq of the user's operation if it is done (empty without an operation id); {@code groupId} is told its
     * group.
     */
    public Optional<Long> doneSeq(String userId, String opId, java.util.function.Consumer<String> groupId) {
        if (opId == null) {
            return Optional.empty();
        }
        return op(userId, opId).filter(OpRecord::done).map(r -> {
            groupId.accept(r.groupId());
            return r.seq();
        });
    }

    /** Records a staged change as running (fails if a live record of the id exists). */
    public TransactionWrite opStarted(OpRecord r) {
        return opPut(r, "attribute_not_exists(#k) OR #e <= :now", Map.of());
    }

    /** Records the change as done (fails if another change holds the id: a concurrent duplicate). */
    public TransactionWrite opDone(OpRecord r) {
        return opPut(r, "attribute_not_exists(#k) OR #e <= :now OR (#s = :running AND #g = :g)",
                Map.of(":running", s(RUNNING), ":g", s(r.groupId())));
    }

    /**
     * The record of a one-transaction change, done at {@code seq}, as a transaction item; none without a client
     * operation id (nothing to answer a retry with).
     */
    public List<TransactionWrite> doneIfIdentified(String userId, String opId, String groupId, String kind, long seq,
                                                    List<String> invited, long expiresAt) {
        return opId == null ? List.of()
                : List.of(opDone(new OpRecord(userId, opId, groupId, kind, true, seq, invited, expiresAt, false)));
    }

    /**
     * Records that a done change's system message was delivered (no operation id: nothing to record). A change
     * whose function died between its commit and this write is delivered again by its retry: its devices get the
     * message twice at most, and de-duplicate it by id.
     */
    public void markDelivered(String userId, String opId) {
        if (opId == null) {
            return;
        }
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(userId, opKey(opId)))
                    .updateExpression("SET #s = :delivered").conditionExpression("#s = :done")
                    .expressionAttributeNames(Map.of("#s", STATE))
                    .expressionAttributeValues(Map.of(":delivered", s(DELIVERED), ":done", s(DONE))));
        } catch (ConditionalCheckFailedException alreadyOrGone) {
            // delivered by a concurrent retry, or the record expired: nothing to record
        }
    }

    /** Forgets a record (a change that was rolled back: its retry starts afresh). */
    public void forgetOp(String userId, String opId) {
        ddb.deleteItem(r -> r.tableName(table).key(key(userId, opKey(opId))));
    }

    private TransactionWrite opPut(OpRecord r, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.userId(), opKey(r.opId())));
        item.put(GROUP_ID, s(r.groupId()));
        item.put(KIND, s(r.kind()));
        item.put(STATE, s(r.done() ? DONE : RUNNING));
        item.put(SEQ, n(r.seq()));
        item.put(INVITED, AttributeValue.fromL(r.invited().stream().map(Attrs::s).toList()));
        item.put(EXPIRES_AT, n(r.expiresAt()));
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":now", n(clock.instant().getEpochSecond()));
        Map<String, String> names = new HashMap<>(Map.of("#k", ITEM_KEY, "#e", EXPIRES_AT));
        if (condition.contains("#s")) {
            names.put("#s", STATE);
            names.put("#g", GROUP_ID);
        }
        return TransactionWrite.put(Put.builder().tableName(table).item(item)
                .conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(allValues).build());
    }

    private TransactionWrite ledger(String userId, int delta, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":d", n(delta));
        Update.Builder u = Update.builder().tableName(table).key(key(userId, LEDGER)).updateExpression("ADD #c :d")
                .expressionAttributeNames(Map.of("#c", GROUP_COUNT)).expressionAttributeValues(allValues);
        if (condition != null) {
            u.conditionExpression(condition);
        }
        return TransactionWrite.update(u.build());
    }

    static String inviteKey(String groupId) {
        return "i#" + groupId;
    }

    static String slotKey(String groupId) {
        return SLOT_PREFIX + groupId;
    }

    static String opKey(String opId) {
        return "o#" + opId;
    }

    private static Map<String, AttributeValue> key(String userId, String itemKey) {
        return Map.of(USER_ID, s(userId), ITEM_KEY, s(itemKey));
    }
}

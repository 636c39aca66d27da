package dev.chatline.keys;

import static dev.chatline.aws.Attrs.b;
import static dev.chatline.aws.Attrs.bytes;
import static dev.chatline.aws.Attrs.n;
import static dev.chatline.aws.Attrs.num;
import static dev.chatline.aws.Attrs.s;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.QueryPages;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A table of one-time prekeys, (userId#deviceId, keyId) → public key (+ signature for Kyber keys); the base of
 * {@link SingleUseEcPreKeyStore} and {@link SingleUseKemPreKeyStore} (as Signal-Server's {@code SingleUsePreKeyStore}).
 *
 * <p>Invariant: <b>a taken prekey is never returned again</b>, even to concurrent takers: {@link #take} reads a few
 * candidates, then (in random order) deletes one with the condition {@code attribute_exists(keyId)} and {@code ReturnValues ALL_OLD};
 * only the caller whose delete removed the row gets the key, a caller whose condition failed tries the next
 * candidate (and queries again, at most {@value #MAX_ROUNDS} rounds).
 */
public abstract class SingleUsePreKeyStore {
    public static final String DEVICE_KEY = "deviceKey";
    public static final String KEY_ID = "keyId";
    public static final String PUBLIC_KEY = "publicKey";
    public static final String SIGNATURE = "signature";
    /** Candidates read per round: concurrent takers of one device rarely collide on all of them. */
    static final int CANDIDATES = 5;
    static final int MAX_ROUNDS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(SingleUsePreKeyStore.class);

    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final String table;

    protected SingleUsePreKeyStore(DynamoDbClient ddb, DynamoBatch batch, ChatConfig config, TableDef def) {
        this.ddb = ddb;
        this.batch = batch;
        this.table = config.tableName(def);
    }

    /** Stores the keys (a key id already stored is overwritten). */
    public void store(DeviceRef device, List<PreKey> keys) {
        List<WriteRequest> puts = keys.stream().map(k -> {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(DEVICE_KEY, s(device.key()));
            item.put(KEY_ID, n(k.keyId()));
            item.put(PUBLIC_KEY, b(k.publicKey()));
            if (k.signature() != null) {
                item.put(SIGNATURE, b(k.signature()));
            }
            return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
        }).toList();
        batch.write(table, puts);
    }

    /** How many keys the device has left (strongly consistent count). */
    public int count(DeviceRef device) {
        int[] total = {0};
        QueryPages.forEach(ddb, query(device).select(Select.COUNT), page -> total[0] += page.count());
        return total[0];
    }

    /** Takes (removes and returns) one key of the device, or empty when none is left. */
    public Optional<PreKey> take(DeviceRef device) {
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            List<Map<String, AttributeValue>> candidates = new ArrayList<>(ddb.query(
                    keysOnly(query(device)).limit(CANDIDATES).build()).items());
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            Collections.shuffle(candidates); // concurrent takers rarely pick the same candidate first
            for (Map<String, AttributeValue> candidate : candidates) {
                Optional<PreKey> taken = delete(candidate);
                if (taken.isPresent()) {
                    return taken;
                }
            }
            LOG.info("all {} candidate prekeys were taken concurrently (round {})", candidates.size(), round);
        }
        return Optional.empty();
    }

    /** Removes every key of the device (e.g. when its identity key changed). */
    public void deleteAll(DeviceRef device) {
        List<WriteRequest> deletes = new ArrayList<>();
        QueryPages.forEach(ddb, keysOnly(query(device)), page -> page.items().forEach(key -> deletes.add(
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())));
        batch.write(table, deletes);
    }

    private Optional<PreKey> delete(Map<String, AttributeValue> key) {
        try {
            Map<String, AttributeValue> old = ddb.deleteItem(r -> r.tableName(table).key(key)
                    .conditionExpression("attribute_exists(#k)").expressionAttributeNames(Map.of("#k", KEY_ID))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            if (old == null || old.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PreKey((int) num(old, KEY_ID, 0), bytes(old, PUBLIC_KEY), bytes(old, SIGNATURE)));
        } catch (ConditionalCheckFailedException takenByAnother) {
            return Optional.empty();
        }
    }

    private static QueryRequest.Builder keysOnly(QueryRequest.Builder query) {
        return query.projectionExpression("#d, #k").expressionAttributeNames(Map.of("#d", DEVICE_KEY, "#k", KEY_ID));
    }

    private QueryRequest.Builder query(DeviceRef device) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#d = :d")
                .expressionAttributeNames(Map.of("#d", DEVICE_KEY))
                .expressionAttributeValues(Map.of(":d", s(device.key())));
    }
}

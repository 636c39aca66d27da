package dev.chatline.keys;

import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.protocol.KeysUpload;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.RecordingMetrics;
import dev.chatline.testing.TestEnv;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.KeysGraph;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Test-only: the production {@link KeysGraph} against a {@link TestEnv}, with a {@link MutableClock} and a recording
 * metrics port; and the key, device and contact stores on the same clients, for a test's own reads and writes.
 */
final class KeysFixture {
    final TestEnv env;
    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final RecordingMetrics metrics = new RecordingMetrics();
    final DeviceKeysStore deviceKeys;
    final SingleUseEcPreKeyStore ec;
    final SingleUseKemPreKeyStore kem;
    final ContactStore contacts;
    final DeviceAccountStore devices;
    final GroupMemberStore groupMembers;
    /** The production object graph {@link #service} comes from. */
    final KeysGraph graph;
    final KeysService service;

    /** A fresh environment for {@code stage} whose fetches are practically not rate limited. */
    static KeysFixture unlimited(dev.chatline.emulator.MotoServer moto, String stage) {
        return new KeysFixture(TestEnv.provision(moto, stage, null, Map.of(
                KeysSettings.FETCH_RATE_PERMITS, "1000", KeysSettings.FETCH_PAIR_RATE_PERMITS, "1000",
                KeysSettings.HANDOUT_PERMITS, "1000")));
    }

    KeysFixture(TestEnv env) {
        this(env, env.aws);
    }

    /** @param aws the clients of the graph and the stores (e.g. with an interceptor) over {@code env}'s resources */
    KeysFixture(TestEnv env, AwsClients aws) {
        this.env = env;
        ChatConfig config = aws.config();
        DynamoDbClient ddb = aws.dynamoDb();
        DynamoBatch batch = new DynamoBatch(ddb);
        graph = new KeysGraph(new GraphBase(aws, clock, metrics, pause -> { }));
        deviceKeys = new DeviceKeysStore(ddb, config);
        ec = new SingleUseEcPreKeyStore(ddb, batch, config);
        kem = new SingleUseKemPreKeyStore(ddb, batch, config);
        contacts = new ContactStore(ddb, batch, config);
        devices = new DeviceAccountStore(ddb, config, clock);
        groupMembers = new GroupMemberStore(ddb, config);
        service = graph.keysService();
    }

    /** Another fixture over the same environment whose {@link KeysSettings} take {@code limits} (their keys). */
    KeysFixture withLimits(Map<String, String> limits) {
        return new KeysFixture(env, new AwsClients(env.config.with(limits)));
    }

    Identity device(String userId, String deviceId) {
        Identity id = new Identity(userId, deviceId);
        devices.register(id);
        return id;
    }

    KeyCounts upload(Identity device, com.fasterxml.jackson.databind.node.ObjectNode frame) {
        return service.upload(device, ProtocolJson.read(frame.toString(), KeysUpload.class));
    }
}

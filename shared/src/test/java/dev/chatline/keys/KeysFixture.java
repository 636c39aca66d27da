package dev.chatline.keys;

import dev.chatline.auth.Identity;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.Contacts;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestEnv;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Test-only: the key service and its stores against a {@link TestEnv}. */
final class KeysFixture {
    final TestEnv env;
    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final DeviceKeysStore deviceKeys;
    final SingleUseEcPreKeyStore ec;
    final SingleUseKemPreKeyStore kem;
    final ContactStore contacts;
    final DeviceAccountStore devices;
    final GroupMemberStore groupMembers;
    final KeysService service;

    /** A fresh environment for {@code stage} whose fetches are practically not rate limited. */
    static KeysFixture unlimited(dev.chatline.emulator.MotoServer moto, String stage) {
        return new KeysFixture(TestEnv.provision(moto, stage, null, java.util.Map.of(
                KeysSettings.FETCH_RATE_PERMITS, "1000", KeysSettings.FETCH_PAIR_RATE_PERMITS, "1000",
                KeysSettings.HANDOUT_PERMITS, "1000")));
    }

    KeysFixture(TestEnv env) {
        this(env, env.ddb, KeysSettings.from(env.config));
    }

    /** @param ddb the client the one-time stores of {@link #service} use (e.g. one with an interceptor) */
    KeysFixture(TestEnv env, DynamoDbClient ddb, KeysSettings settings) {
        this.env = env;
        DynamoBatch batch = new DynamoBatch(ddb);
        deviceKeys = new DeviceKeysStore(env.ddb, env.config);
        ec = new SingleUseEcPreKeyStore(ddb, batch, env.config);
        kem = new SingleUseKemPreKeyStore(ddb, batch, env.config);
        contacts = new ContactStore(env.ddb, new DynamoBatch(env.ddb), env.config);
        devices = new DeviceAccountStore(env.ddb, env.config, clock);
        groupMembers = new GroupMemberStore(env.ddb, env.config);
        BoundedParallel parallel = new BoundedParallel(4, "keys-test");
        service = new KeysService(deviceKeys, devices, ec, kem, new IdentityChangeNotifier(
                Contacts.sharedChats(contacts, groupMembers, parallel), devices, new FanoutQueue(env.sqs, env.config),
                parallel), new RateLimiter(env.ddb, env.config, clock),
                settings, clock, DeviceChanges.NONE);
    }

    Identity device(String userId, String deviceId) {
        Identity id = new Identity(userId, deviceId);
        devices.register(id);
        return id;
    }

    KeyCounts upload(Identity device, com.fasterxml.jackson.databind.node.ObjectNode frame) {
        return service.upload(device, KeysUploadRequest.parse(ClientFrame.parse(frame.toString())));
    }
}

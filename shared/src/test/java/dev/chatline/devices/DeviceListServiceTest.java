package dev.chatline.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.Contacts;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.fanout.EventRelay;
import dev.chatline.keys.DeviceChanges;
import dev.chatline.keys.RemoteKeys;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.IdentityChangeNotifier;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.push.PushTokenStore;
import dev.chatline.schema.Resources;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestEnv;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account and device list rules on moto: who may change the list, with what, and that changes are announced. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceListServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private TestEnv env;
    private DeviceAccountStore store;
    private DeviceListService service;
    private DeviceListService failingAnnouncements;
    private int users;

    @BeforeAll
    void provision(MotoServer moto) {
        env = TestEnv.provision(moto, "devices", URI.create("http://127.0.0.1:9"), Map.of());
        store = new DeviceAccountStore(env.ddb, env.config, clock);
        service = service(new FanoutQueue(env.sqs, env.config));
        Map<String, String> broken = new HashMap<>(Map.of(ChatConfig.STAGE, "devices", ChatConfig.REGION, "us-east-1"));
        broken.put(Resources.FANOUT.urlEnvVar(), env.fanoutQueueUrl.replace("fanout", "missing"));
        failingAnnouncements = service(new FanoutQueue(env.sqs, ChatConfig.of(broken)));
    }

    private DeviceListService service(FanoutQueue queue) {
        DynamoBatch batch = new DynamoBatch(env.ddb);
        ConnectionStore connections = new ConnectionStore(env.ddb, env.config, clock);
        DeviceRemoval removal = new DeviceRemoval(new DeviceKeysStore(env.ddb, env.config),
                new SingleUseEcPreKeyStore(env.ddb, batch, env.config),
                new SingleUseKemPreKeyStore(env.ddb, batch, env.config), new PushTokenStore(env.ddb, env.config),
                new InboxStore(env.ddb, batch, env.config, clock), connections,
                new ConnectionSender(MessagingClients.connections(env.aws), connections));
        BoundedParallel parallel = new BoundedParallel(4, "devices-test");
        IdentityChangeNotifier notifier = new IdentityChangeNotifier(Contacts.sharedChats(
                new ContactStore(env.ddb, batch, env.config), new GroupMemberStore(env.ddb, env.config), parallel),
                store::deviceIds, queue, EventRelay.NONE, parallel);
        return new DeviceListService(store, removal, notifier, new LinkCodes(), clock, DeviceChanges.NONE,
                RemoteKeys.NONE);
    }

    /** A device of a new user, connected once. */
    private Identity device(String userId, String deviceId) {
        Identity id = new Identity(userId, deviceId);
        store.register(id);
        return id;
    }

    private String user() {
        return "user" + (++users);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A list of (deviceId, identity key seed) pairs. */
    private static byte[] list(String userId, long version, Object... devices) {
        StringJoiner d = new StringJoiner(",");
        for (int i = 0; i < devices.length; i += 2) {
            d.add("{\"deviceId\":\"" + devices[i] + "\",\"identityKey\":\"" + SignedDeviceListTest.key((Integer) devices[i + 1])
                    + "\",\"registrationId\":7,\"name\":\"n\",\"linkedAt\":1}");
        }
        return ("{\"format\":\"chatline-device-list/1\",\"userId\":\"" + userId + "\",\"version\":" + version
                + ",\"devices\":[" + d + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static DeviceActions.DeviceListUpdate signed(TestAccountKey key, byte[] list, boolean withKey,
                                                         String linkCode) {
        return update(list, key.sign(list), withKey ? key.publicKey() : null, linkCode);
    }

    private static DeviceActions.DeviceListUpdate update(byte[] list, byte[] signature, byte[] accountKey,
                                                         String linkCode) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new DeviceActions.DeviceListUpdate(b64.encodeToString(list), b64.encodeToString(signature),
                accountKey == null ? null : b64.encodeToString(accountKey), linkCode, null);
    }

    private static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    private static byte[] keyBytes(int seed) {
        return Base64.getDecoder().decode(SignedDeviceListTest.key(seed));
    }

    @Test
    void theFirstListCreatesTheAccountAndOnlyANewerOneItsKeySignedReplacesIt() {
        String u = user();
        Identity phone = device(u, "phone");
        TestAccountKey account = new TestAccountKey();
        service.update(phone, signed(account, list(u, 1, "phone", 1), true, null));
        assertThat(store.deviceIds(u)).containsExactly("phone");

        assertThat(codeOf(() -> service.update(phone, signed(account, list(u, 1, "phone", 1, "x", 2), false, null))))
                .as("not newer").isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        byte[] v2 = list(u, 2, "phone", 1);
        assertThat(codeOf(() -> service.update(phone, update(v2, new TestAccountKey().sign(v2), null, null)))).as("another key's signature")
                .isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(() -> service.update(phone, signed(account, list(u, 2, "phone", 1, "laptop", 2), false,
                null)))).as("a device without its link request").isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(() -> service.update(phone, signed(account, list("other", 2, "phone", 1), false, null))))
                .as("another user's list").isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(store.read(u).account().orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aDeviceJoinsOnlyWithTheSingleUseLinkRequestThatNamesItsKey() {
        String u = user();
        Identity phone = device(u, "phone");
        Identity laptop = device(u, "laptop");
        TestAccountKey account = new TestAccountKey();
        service.update(phone, signed(account, list(u, 1, "phone", 1), true, null));
        assertThat(codeOf(() -> service.requestLink(device(user(), "x"), keyBytes(9), 1, "")))
                .as("no account to link to").isEqualTo(ErrorCode.FORBIDDEN);
        String code = service.requestLink(laptop, keyBytes(2), 7, "Laptop").code();

        assertThat(codeOf(() -> service.update(phone, signed(account, list(u, 2, "laptop", 3, "phone", 1), false,
                code)))).as("another key than the request's").isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        assertThat(codeOf(() -> service.update(laptop, signed(account, list(u, 2, "laptop", 2, "phone", 1), false,
                code)))).as("signed, but sent by the unlinked device itself").isEqualTo(ErrorCode.NOT_LINKED);
        service.update(phone, signed(account, list(u, 2, "laptop", 2, "phone", 1), false, code));
        assertThat(store.deviceIds(u)).containsExactly("laptop", "phone");
        assertThat(store.read(u).device("laptop").orElseThrow().linkedKey()).isEqualTo(keyBytes(2));

        Identity tablet = device(u, "tablet");
        assertThat(codeOf(() -> service.update(phone, signed(account, list(u, 3, "laptop", 2, "phone", 1,
                "tablet", 4), false, code)))).as("the code was used").isEqualTo(ErrorCode.UNKNOWN_LINK_CODE);
        assertThat(store.deviceIds(u)).doesNotContain(tablet.deviceId());
    }

    @Test
    void unlinkingDropsTheDeviceAndAResetLeavesOnlyTheResettingDevice() {
        String u = user();
        Identity phone = device(u, "phone");
        Identity laptop = device(u, "laptop");
        TestAccountKey account = new TestAccountKey();
        service.update(phone, signed(account, list(u, 1, "phone", 1), true, null));
        String code = service.requestLink(laptop, keyBytes(2), 7, "Laptop").code();
        service.update(phone, signed(account, list(u, 2, "laptop", 2, "phone", 1), false, code));

        service.update(laptop, signed(account, list(u, 3, "laptop", 2), false, null)); // any linked device unlinks
        assertThat(store.deviceIds(u)).containsExactly("laptop");
        assertThat(store.read(u).device("phone")).isEmpty();

        Identity reinstalled = device(u, "phone");
        assertThat(codeOf(() -> service.update(reinstalled, signed(account, list(u, 4, "phone", 5), false, null))))
                .isEqualTo(ErrorCode.NOT_LINKED);
        TestAccountKey fresh = new TestAccountKey();
        assertThat(codeOf(() -> service.update(reinstalled, signed(fresh, list(u, 4, "phone", 5, "laptop", 2), true,
                null)))).as("a new account names only its device").isEqualTo(ErrorCode.INVALID_DEVICE_LIST);
        service.update(reinstalled, signed(fresh, list(u, 4, "phone", 5), true, null));
        assertThat(store.deviceIds(u)).containsExactly("phone");
        assertThat(store.read(u).account().orElseThrow().accountKey()).isEqualTo(fresh.publicKey());
    }

    @Test
    void aChangeWhoseAnnouncementFailedIsAnnouncedByTheRetry() {
        String u = user();
        Identity phone = device(u, "phone");
        Identity laptop = device(u, "laptop");
        TestAccountKey account = new TestAccountKey();
        service.update(phone, signed(account, list(u, 1, "phone", 1), true, null));
        String code = service.requestLink(laptop, keyBytes(2), 7, "Laptop").code();
        service.update(phone, signed(account, list(u, 2, "laptop", 2, "phone", 1), false, code));
        String peer = user();
        device(peer, "phone");
        new ContactStore(env.ddb, new DynamoBatch(env.ddb), env.config).addPair(peer, u, clock.millis());
        env.drainAll(env.fanoutQueueUrl);

        DeviceActions.DeviceListUpdate unlink = signed(account, list(u, 3, "phone", 1), false, null);
        assertThatThrownBy(() -> failingAnnouncements.update(phone, unlink)).isNotInstanceOf(ProtocolException.class);
        assertThat(store.read(u).account().orElseThrow().announcing()).isEqualTo(3); // stored, not yet announced
        assertThat(env.drainAll(env.fanoutQueueUrl)).isEmpty();

        service.update(phone, unlink); // the client's retry of the same list
        assertThat(env.drainAll(env.fanoutQueueUrl)).anySatisfy(m -> assertThat(m.body())
                .contains("devicesChanged").contains("\"version\":3"));
        assertThat(store.read(u).account().orElseThrow().announcing()).isZero();
    }
}

package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatline.client.keys.KeyService;
import dev.chatline.client.keys.PreKeyGenerator;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.EncryptedEnvelope;
import dev.chatline.client.session.UploadedKeys;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.DeviceStore;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.SingleUsePreKeyStore;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.auth.DeviceRef;
import dev.chatline.schema.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tampering, reinstalls (identity changes), device-list changes (DEVICE_MISMATCH) and key replenishing, end to end. */
class KeyLifecycleE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static int users;

    @TempDir
    Path dir;

    private final List<TestDevice> devices = new ArrayList<>();

    private TestDevice device(String userId, String deviceId, String storeName) {
        TestDevice d = TestDevice.connect(RUNTIME, dir.resolve(storeName), userId, deviceId);
        devices.add(d);
        if (!d.client.isLinked()) { // a further device of the user: linked through one the test has open
            devices.stream().filter(o -> o != d && o.address.userId().equals(userId) && o.client.isLinked())
                    .findFirst().ifPresent(approver -> TestDevices.link(d, approver));
        }
        return d;
    }

    private TestDevice device(String userId, String deviceId) {
        return device(userId, deviceId, userId + "." + deviceId);
    }

    /** User ids unique within the class (its tests share the runtime's tables). */
    private static String user(String name) {
        return name + "-" + (++users);
    }

    /** Two new users' devices that have exchanged one message (sessions set up both ways on alice's side). */
    private TestDevice[] talkingPair(String alice, String bob, String text) {
        TestDevice alicePhone = device(alice, "phone");
        TestDevice bobPhone = device(bob, "phone");
        alicePhone.client.sendText(bob, text);
        bobPhone.awaitText(text);
        return new TestDevice[] {alicePhone, bobPhone};
    }

    @AfterEach
    void closeDevices() {
        devices.forEach(TestDevice::close);
    }

    @Test
    void tamperedCiphertextFailsWithAClearErrorAndTheSessionSurvives() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice[] pair = talkingPair(alice, bob, "first");
        TestDevice alicePhone = pair[0];
        TestDevice bobPhone = pair[1];

        bobPhone.client.sendText(alice, "reply"); // acknowledges the session: alice now sends plain SignalMessages
        alicePhone.awaitText("reply");
        DeviceContext ctx = alicePhone.context();
        EncryptedEnvelope genuine = ctx.locked(() -> ctx.pairwise.encrypt(bobPhone.address,
                Content.text("tampered").toBytes()));
        assertThat(genuine.type()).isEqualTo(EncryptedEnvelope.MESSAGE);
        byte[] bytes = B64.decode(genuine.body());
        bytes[bytes.length - 12] ^= 0x20; // in the ciphertext, covered by the MAC (the last 8 bytes)
        SendMessage frame = new SendMessage(UUID.randomUUID().toString(), bob, null, null, null,
                List.of(new EncryptedEnvelope(bobPhone.address, genuine.type(), B64.encode(bytes)).toWire()),
                        List.of());
        String tamperedId = alicePhone.client.call(frame, Acks.SendMessageAck.class).messageId();

        RecordingListener.Failure failure = await().atMost(TestDevice.TIMEOUT).until(
                () -> bobPhone.events.failures.stream().findFirst(), java.util.Optional::isPresent).get();
        assertThat(failure.messageId()).isEqualTo(tamperedId);
        assertThat(failure.error().reason()).isEqualTo(DecryptionException.Reason.INVALID_CIPHERTEXT);
        assertThat(failure.error()).hasMessageContaining("cannot decrypt a message from " + alice + "/phone")
                .hasMessageContaining("tampered");
        assertThat(bobPhone.events.texts()).doesNotContain("tampered");

        alicePhone.client.sendText(bob, "after the tampering");
        bobPhone.awaitText("after the tampering");
    }

    @Test
    void reinstalledDeviceResetsTheAccountItsContactsAreToldAndTheyTalkAgain() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice[] pair = talkingPair(alice, bob, "before the reinstall");
        TestDevice alicePhone = pair[0];
        TestDevice bobPhone = pair[1];
        bobPhone.close();
        devices.remove(bobPhone);

        // the list names the old key for "phone": the new install cannot prove it, so "phone" is refused (403) ...
        assertThatThrownBy(() -> device(bob, "phone", "bob-reinstalled-same-id"))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse()
                        .statusCode()).isEqualTo(403));
        // ... and it comes back under a new device id (empty store: a new identity key), not linked until it resets
        TestDevice reinstalled = device(bob, "phone-2", "bob-reinstalled");
        assertThat(reinstalled.client.isLinked()).isFalse();
        reinstalled.client.resetAccount();
        assertThat(reinstalled.client.isLinked()).isTrue();

        await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.devicesChanged.contains(bob + "!"));
        alicePhone.client.sendText(bob, "hello new phone");
        assertThat(reinstalled.awaitText("hello new phone").from()).isEqualTo(alicePhone.address);
        assertThat(alicePhone.events.accountChanges).contains(bob); // the new account identity was shown
        assertThat(alicePhone.context().contacts.devices(bob)).extracting(DeviceAddress::deviceId)
                .containsExactly("phone-2"); // the old "phone" is off the new list
        reinstalled.client.sendText(alice, "hello again");
        alicePhone.awaitText("hello again");
    }

    @Test
    void deviceMismatchNamesMissingAndExtraDevicesAndTheClientAdjustsAndRetries() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice[] pair = talkingPair(alice, bob, "only the phone exists");
        TestDevice alicePhone = pair[0];
        TestDevice bobPhone = pair[1];

        TestDevice bobTablet = device(bob, "tablet"); // alice does not know it yet
        DeviceAddress ghost = new DeviceAddress(bob, "ghost"); // alice believes in it; the server does not
        DeviceContext ctx = alicePhone.context();
        DeviceStore ghostStore = DeviceStore.open(dir.resolve("ghost"), bob, "ghost");
        var ghostBundle = new UploadedKeys(bob, "ghost", new PreKeyGenerator(ghostStore).registrationUpload(1)).fetch();
        ctx.locked(() -> {
            ctx.pairwise.establish(ghostBundle);
            return null;
        });
        ctx.contacts.addDevice(ghost);

        // the server's answer, seen directly: the tablet is missing, the ghost is extra
        List<SendMessage.Envelope> envelopes = new java.util.ArrayList<>();
        for (DeviceAddress d : List.of(bobPhone.address, ghost)) {
            envelopes.add(ctx.locked(() -> ctx.pairwise.encrypt(d, "x".getBytes(StandardCharsets.UTF_8))).toWire());
        }
        SendMessage frame = new SendMessage(UUID.randomUUID().toString(), bob, null, null, null, envelopes, List.of());
        assertThatThrownBy(() -> alicePhone.client.call(frame))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo("DEVICE_MISMATCH");
                    assertThat(e.devices(ServerFrame.Error::missingDevices))
                            .containsExactly(new ServerFrame.DeviceRef(bob, "tablet"));
                    assertThat(e.devices(ServerFrame.Error::extraDevices))
                            .containsExactly(new ServerFrame.DeviceRef(bob, "ghost"));
                });

        // the client handles it: forgets the ghost, sets up the tablet, retries
        alicePhone.client.sendText(bob, "now the tablet too");
        bobPhone.awaitText("now the tablet too");
        bobTablet.awaitText("now the tablet too");
        assertThat(ctx.contacts.devices(bob)).containsExactlyInAnyOrder(bobPhone.address, bobTablet.address);
    }

    @Test
    void oneTimeKeysAreReplenishedWhenTheServerRunsLow() {
        String carol = user("carol");
        TestDevice carolPhone = device(carol, "phone");
        int fetches = KeyService.BATCH - KeyService.LOW_WATER + 1; // each takes one one-time key of each kind
        TestDevice fetcher = null;
        for (int i = 0; i < fetches; i++) {
            if (i % 7 == 0) { // the server allows 10 fetches per minute per (requester, target)
                fetcher = device(user("fetcher"), "phone");
            }
            assertThat(fetcher.client.call(new ClientMessage.KeysFetch(carol, null), KeysFrames.KeyBundles.class)
                    .devices()).hasSize(1);
        }
        assertThat(carolPhone.client.call(new ClientMessage.KeysCount(), KeysFrames.KeysCount.class).preKeys())
                .isLessThan(KeyService.LOW_WATER);

        assertThat(carolPhone.client.replenishKeys()).isTrue();

        var count = carolPhone.client.call(new ClientMessage.KeysCount(), KeysFrames.KeysCount.class);
        assertThat(count.preKeys()).isGreaterThanOrEqualTo(KeyService.BATCH);
        assertThat(count.kyberPreKeys()).isGreaterThanOrEqualTo(KeyService.BATCH);
        assertThat(carolPhone.client.replenishKeys()).as("nothing to do now").isFalse();
    }

    @Test
    void deviceWhoseKeysTheServerLostPublishesThemAgainWithTheSameIdentity() {
        String dave = user("dave");
        TestDevice davePhone = device(dave, "phone");
        byte[] identity = davePhone.context().store.getIdentityKeyPair().getPublicKey().serialize();
        davePhone.context().positions.advance(Map.of("d:dave:old-chat", 7L)); // a chat of the old backend
        davePhone.close();
        devices.remove(davePhone);
        wipeKeys(dave, "phone"); // as a restarted local backend (moto keeps nothing) would

        TestDevice again = device(dave, "phone"); // same store: the client believes it is registered
        // the old backend's chat positions are forgotten, so its chats' seqs starting at 1 again are not duplicates
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> again.context().positions.all().isEmpty());

        TestDevice fetcher = device(user("fetcher"), "phone");
        var bundles = fetcher.client.call(new ClientMessage.KeysFetch(dave, null), KeysFrames.KeyBundles.class);
        assertThat(B64.decode(bundles.devices().get(0).identityKey())).isEqualTo(identity);
        assertThat(again.context().store.getIdentityKeyPair().getPublicKey().serialize()).isEqualTo(identity);
    }

    /** Deletes every key row of a device on the server (the identity row and its one-time keys). */
    private static void wipeKeys(String userId, String deviceId) {
        var aws = RUNTIME.awsClients();
        aws.dynamoDb().deleteItem(r -> r.tableName(aws.config().tableName(Tables.DEVICE_KEYS)).key(Map.of(
                DeviceKeysStore.USER_ID, AttributeValue.fromS(userId), DeviceKeysStore.DEVICE_ID,
                        AttributeValue.fromS(deviceId))));
        String deviceKey = new DeviceRef(userId, deviceId).key();
        for (var table : List.of(Tables.ONE_TIME_EC_PREKEYS, Tables.ONE_TIME_KEM_PREKEYS)) {
            String name = aws.config().tableName(table);
            aws.dynamoDb().queryPaginator(r -> r.tableName(name).keyConditionExpression("#d = :d")
                    .expressionAttributeNames(Map.of("#d", SingleUsePreKeyStore.DEVICE_KEY))
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(deviceKey)))).items()
                    .forEach(item -> aws.dynamoDb().deleteItem(r -> r.tableName(name).key(Map.of(
                            SingleUsePreKeyStore.DEVICE_KEY, item.get(SingleUsePreKeyStore.DEVICE_KEY),
                            SingleUsePreKeyStore.KEY_ID, item.get(SingleUsePreKeyStore.KEY_ID)))));
        }
    }
}

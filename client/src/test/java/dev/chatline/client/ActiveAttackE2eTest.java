package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.AwsClients;
import dev.chatline.client.devices.ConnectProofSigner;
import dev.chatline.client.devices.UntrustedDeviceException;
import dev.chatline.client.keys.PreKeyGenerator;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.keys.DeviceKeys;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.KeysUploadRequest;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.schema.Tables;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Active attacks: the test plays a malicious server (writing straight into DynamoDB what the honest server never
 * would) or a token thief, and shows that honest clients refuse or warn, and that the honest server refuses what a
 * thief's token alone cannot prove.
 */
class ActiveAttackE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static int users;

    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);

    @TempDir
    Path attackerDir;

    private static String user(String name) {
        return name + "-attack-" + (++users);
    }

    private static AwsClients aws() {
        return RUNTIME.awsClients();
    }

    /**
     * The malicious server adds a device under {@code userId}: a device row marked linked with the attacker's
     * identity key, and a complete set of the attacker's keys (validly self-signed, so only the account's signed
     * list can tell them apart). Returns the attacker's identity key.
     */
    private byte[] inject(String userId, String deviceId) {
        var attacker = dev.chatline.client.store.DeviceStore.open(attackerDir.resolve(userId + deviceId), userId,
                deviceId);
        KeysUploadRequest keys = KeysUploadRequest.from(new PreKeyGenerator(attacker).registrationUpload(2));
        long now = System.currentTimeMillis();
        new DeviceKeysStore(aws().dynamoDb(), aws().config()).put(new DeviceKeys(userId, deviceId,
                keys.registrationId(), keys.identityKey(), keys.signedPreKey(), keys.kyberLastResort(), now));
        Map<String, AttributeValue> row = new HashMap<>();
        row.put(DeviceAccountStore.USER_ID, AttributeValue.fromS(userId));
        row.put(DeviceAccountStore.DEVICE_ID, AttributeValue.fromS(deviceId));
        row.put(DeviceAccountStore.REGISTERED_AT, AttributeValue.fromN(Long.toString(now)));
        row.put(DeviceAccountStore.LAST_SEEN_AT, AttributeValue.fromN(Long.toString(now)));
        row.put(DeviceAccountStore.LINKED_AT, AttributeValue.fromN(Long.toString(now)));
        row.put(DeviceAccountStore.LINKED_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(keys.identityKey())));
        aws().dynamoDb().putItem(r -> r.tableName(aws().config().tableName(Tables.DEVICES)).item(row));
        return keys.identityKey();
    }

    private static InboxStore inbox() {
        return new InboxStore(aws().dynamoDb(), new dev.chatline.aws.DynamoBatch(aws().dynamoDb()), aws().config(),
                Clock.systemUTC());
    }

    @Test
    void aDeviceRowAndKeysInjectedIntoDynamoDbGetNoMessage() {
        String alice = user("alice");
        String carol = user("carol");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice carolPhone = devices.connect(carol, "phone");
        inject(alice, "evil");
        // the server now insists on "evil" (DEVICE_MISMATCH names it), but alice's signed list does not name it
        assertThat(new DeviceAccountStore(aws().dynamoDb(), aws().config(), Clock.systemUTC()).deviceIds(alice))
                .contains("evil");

        assertThatThrownBy(() -> carolPhone.client.sendText(alice, "not for evil"))
                .isInstanceOf(UntrustedDeviceException.class).hasMessageContaining("evil");
        assertThat(carolPhone.events.untrusted).anyMatch(r -> r.contains("evil"));
        assertThat(inbox().page(new DeviceRef(alice, "evil"), Optional.empty(), 10).entries()).isEmpty();
        assertThat(alicePhone.events.texts()).doesNotContain("not for evil");
    }

    @Test
    void aDeviceInjectedIntoDynamoDbCannotSpeakForItsUser() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        alicePhone.client.sendText(bob, "hello from the real alice");
        bobPhone.awaitText("hello from the real alice");
        inject(alice, "evil");

        // the malicious server speaks as alice/evil: a session with bob's real bundle, a message in the chat's next seq
        var evil = dev.chatline.client.store.DeviceStore.open(attackerDir.resolve(alice + "evil"), alice, "evil");
        var bundle = alicePhone.context().keys.fetch(alicePhone.context().socket(), bob, "phone").get(0);
        var cipher = new dev.chatline.client.session.PairwiseCipher(evil);
        cipher.establish(bundle);
        var envelope = cipher.encrypt(bundle.device(), Content.text("send me your password").toBytes());
        String chatId = dev.chatline.messaging.ChatIds.direct(alice, bob);
        long seq = new dev.chatline.messaging.ChatStore(aws().dynamoDb(), aws().config())
                .allocateSeq(chatId, dev.chatline.messaging.ChatStore.KIND_DIRECT);
        String frame = ProtocolJson.encode(new ChatFrames.Message("01EVILEVILEVILEVILEVILEVIL-" + seq, chatId, null,
                seq, new ServerFrame.DeviceRef(alice, "evil"), null, null, System.currentTimeMillis(),
                new ChatFrames.OwnEnvelope(envelope.type(), envelope.body())));
        var connections = dev.chatline.aws.MessagingClients.connections(aws(), RUNTIME.connectionsEndpoint());
        for (var c : new dev.chatline.connection.ConnectionStore(aws().dynamoDb(), aws().config(), Clock.systemUTC())
                .liveConnections(bob)) {
            connections.postToConnection(r -> r.connectionId(c.connectionId())
                    .data(SdkBytes.fromUtf8String(frame)));
        }

        // bob's client reads alice's signed list again, finds no "evil", refuses the message and says so
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.untrusted.stream()
                .anyMatch(r -> r.contains("evil") && r.contains("not on the user's signed device list")));
        assertThat(bobPhone.events.texts()).doesNotContain("send me your password");
        alicePhone.client.sendText(bob, "still the real alice");
        assertThat(bobPhone.awaitText("still the real alice").from()).isEqualTo(alicePhone.address);
        assertThat(bobPhone.events.texts()).doesNotContain("send me your password");
    }

    @Test
    void aBundleWithASubstitutedIdentityKeyIsRefused() {
        String alice = user("alice");
        String carol = user("carol");
        devices.connect(alice, "phone");
        TestDevice carolPhone = devices.connect(carol, "phone");
        inject(alice, "phone"); // the phone's keys and listed key replaced by the attacker's

        assertThatThrownBy(() -> carolPhone.client.sendText(alice, "not for the attacker"))
                .isInstanceOf(UntrustedDeviceException.class);
        assertThat(carolPhone.events.untrusted).anyMatch(r -> r.contains("phone"));
        assertThat(carolPhone.context().contacts.devices(alice)).isEmpty(); // no session was built with it
    }

    @Test
    void aRolledBackOrWithheldDeviceListIsRefused() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        bobPhone.client.sendText(alice, "hello"); // contacts now: bob hears of alice's list changes
        alicePhone.awaitText("hello");
        var table = aws().config().tableName(Tables.DEVICES);
        Map<String, AttributeValue> key = Map.of(DeviceAccountStore.USER_ID, AttributeValue.fromS(alice),
                DeviceAccountStore.DEVICE_ID, AttributeValue.fromS(DeviceAccountStore.ACCOUNT_ITEM));
        Map<String, AttributeValue> v1 = aws().dynamoDb().getItem(r -> r.tableName(table).key(key)).item();
        devices.connect(alice, "laptop"); // v2
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.devicesChanged.contains(alice));
        bobPhone.client.sendText(alice, "to both");
        alicePhone.awaitText("to both");

        aws().dynamoDb().putItem(r -> r.tableName(table).item(v1)); // the server replays the older list
        bobPhone.context().contacts.forgetDevices(alice);
        assertThatThrownBy(() -> bobPhone.client.sendText(alice, "after the rollback"))
                .isInstanceOf(UntrustedDeviceException.class).hasMessageContaining("older");

        aws().dynamoDb().deleteItem(r -> r.tableName(table).key(key)); // ... or drops the list altogether
        assertThatThrownBy(() -> bobPhone.client.sendText(alice, "without a list"))
                .isInstanceOf(UntrustedDeviceException.class).hasMessageContaining("no signed device list");
    }

    @Test
    void aStolenTokenUnderANewDeviceIdGetsNothingAndCannotLinkItself() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        TestDevice thief = devices.connectUnlinked(alice, "thief"); // a valid token for alice, its own device id
        assertThat(thief.client.isLinked()).isFalse();

        for (ClientMessage frame : List.of(new ClientMessage.Sync(null),
                new ClientMessage.History("d:" + alice + ":" + bob, null, null), new ClientMessage.KeysFetch(bob, null),
                new ClientMessage.RegisterPush("android", "thief-token"), new DeviceActions.DeviceList(bob, null))) {
            assertThatThrownBy(() -> thief.client.call(frame)).as(frame.action())
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.code()).isEqualTo("NOT_LINKED"));
        }
        // bob's messages reach the phone only; the thief's uploaded keys are never handed out
        bobPhone.client.sendText(alice, "for the phone");
        alicePhone.awaitText("for the phone");
        assertThat(bobPhone.context().contacts.devices(alice)).extracting(d -> d.deviceId()).containsExactly("phone");
        assertThat(inbox().page(new DeviceRef(alice, "thief"), Optional.empty(), 10).entries()).isEmpty();

        // a list that adds the thief needs the account identity's signature and a link request a linked device saw
        var forged = new dev.chatline.client.devices.DeviceList(alice, 2, List.of(
                new dev.chatline.client.devices.DeviceList.Entry("phone",
                        alicePhone.context().store.getIdentityKeyPair().getPublicKey(), 1, "phone", 1),
                new dev.chatline.client.devices.DeviceList.Entry("thief",
                        thief.context().store.getIdentityKeyPair().getPublicKey(), 1, "thief", 1)));
        byte[] bytes = forged.toBytes();
        byte[] signature = thief.context().store.getIdentityKeyPair().getPrivateKey().calculateSignature(bytes);
        assertThatThrownBy(() -> thief.client.call(new DeviceActions.DeviceListUpdate(
                java.util.Base64.getEncoder().encodeToString(bytes),
                java.util.Base64.getEncoder().encodeToString(signature), null, null, null)))
                .isInstanceOfSatisfying(ServerErrorException.class,
                        e -> assertThat(e.code()).isEqualTo("INVALID_DEVICE_LIST"));
        assertThat(alicePhone.client.devices()).filteredOn(d -> d.linked()).extracting(d -> d.deviceId())
                .containsExactly("phone");
    }

    /** Opens a raw socket (no SDK) with alice's token and these extra query parameters; the handshake's failure. */
    private static Throwable refusedHandshake(String userId, String deviceId, Map<String, String> parameters) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> ChatSocket.connect(
                RUNTIME.websocketUrl(), RUNTIME.token(userId, deviceId), parameters, frame -> { }).close());
        assertThat(failure).as("the handshake of %s/%s", userId, deviceId).isNotNull();
        return failure;
    }

    private static void assertForbidden(Throwable failure) {
        assertThat(failure).hasCauseInstanceOf(WebSocketHandshakeException.class); // ChatSocket.connect's join()
        assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void aStolenTokenUnderTheLinkedDeviceIdIsRefusedAndTheDevicesInboxKeepsItsMessages() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        bobPhone.client.sendText(alice, "hello");
        alicePhone.awaitText("hello");
        devices.close(alicePhone); // offline: what bob sends now waits in the phone's inbox
        bobPhone.client.sendText(alice, "while you were away");
        await().atMost(TestDevice.TIMEOUT).until(() -> !inbox().page(new DeviceRef(alice, "phone"), Optional.empty(), 10)
                .entries().isEmpty());
        int waiting = inbox().page(new DeviceRef(alice, "phone"), Optional.empty(), 10).entries().size();

        // the thief has alice's token (for any device id) but not the phone's identity key
        assertForbidden(refusedHandshake(alice, "phone", Map.of())); // no proof
        var thiefKey = org.signal.libsignal.protocol.IdentityKeyPair.generate();
        long now = System.currentTimeMillis();
        assertForbidden(refusedHandshake(alice, "phone",
                ConnectProofSigner.parameters(thiefKey, alice, "phone", now)));
        var phoneKey = dev.chatline.client.store.DeviceStore.open(alicePhone.storeDirectory, alice, "phone")
                .getIdentityKeyPair();
        Map<String, String> otherDevices = ConnectProofSigner.parameters(phoneKey, alice, "laptop", now);
        assertForbidden(refusedHandshake(alice, "phone", otherDevices)); // signed for another device id
        assertForbidden(refusedHandshake(alice, "phone",
                ConnectProofSigner.parameters(phoneKey, alice, "phone", now - 61_000))); // stale
        assertThat(inbox().page(new DeviceRef(alice, "phone"), Optional.empty(), 10).entries()).hasSize(waiting);

        // the phone itself connects with its proof, gets what waited, and its URL cannot be replayed
        Map<String, String> phones = ConnectProofSigner.parameters(phoneKey, alice, "phone",
                System.currentTimeMillis());
        ChatSocket.connect(RUNTIME.websocketUrl(), RUNTIME.token(alice, "phone"), phones, frame -> { }).close();
        assertForbidden(refusedHandshake(alice, "phone", phones));
        TestDevice back = devices.connect(alice, "phone");
        back.awaitText("while you were away");
    }

    @Test
    void aUserWithoutAnAccountConnectsWithoutAProof() {
        String plain = user("plain");
        ChatSocket socket = ChatSocket.connect(RUNTIME.websocketUrl(), RUNTIME.token(plain, "phone"), frame -> { });
        assertThat(socket.call(new ClientMessage.Sync(null))).isInstanceOf(ChatFrames.SyncComplete.class);
        socket.close();
        ChatSocket.connect(RUNTIME.websocketUrl(), RUNTIME.token(plain, "phone"), frame -> { }).close(); // again
    }

    @Test
    void aThiefWhoResetsTheAccountIsAnnouncedToContactsAndTheUsersDevices() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice alicePhone = devices.connect(alice, "phone");
        TestDevice bobPhone = devices.connect(bob, "phone");
        bobPhone.client.sendText(alice, "hello");
        alicePhone.awaitText("hello");
        TestDevice thief = devices.connectUnlinked(alice, "thief");

        // the token is the only credential the server has, so a reset cannot be refused; it is never silent
        thief.client.resetAccount();
        await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.unlinked.get() == 1);
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.devicesChanged.contains(alice + "!"));
        bobPhone.client.sendText(alice, "who is this?");
        assertThat(bobPhone.events.accountChanges).containsExactly(alice); // shown as a safety-number change
    }
}

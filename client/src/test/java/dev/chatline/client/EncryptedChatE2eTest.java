package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.client.e2e.BackendContents;
import dev.chatline.client.store.B64;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.SendMessage;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two users with two devices each, and a group of three, talk through the real local runtime (API Gateway
 * emulation, every function, SQS FIFO fan-out, SNS) on moto; every device decrypts every message meant for it, and
 * afterwards nothing the backend stored or passed on contains a plaintext.
 */
class EncryptedChatE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);

    private TestDevice device(String userId, String deviceId) {
        return devices.connect(userId, deviceId);
    }

    @Test
    void everyDeviceDecryptsDirectAndGroupMessagesAndTheBackendHoldsNoPlaintext() throws Exception {
        TestDevice alicePhone = device("alice", "phone");
        TestDevice aliceLaptop = device("alice", "laptop");
        TestDevice bobPhone = device("bob", "phone");
        TestDevice bobLaptop = device("bob", "laptop");
        TestDevice carolPhone = device("carol", "phone");
        List<String> plaintexts = new ArrayList<>();

        // 1:1, both directions; every device of both users (the sender's other device too) decrypts
        String hello = "Meet me at the old bridge at nine " + System.nanoTime();
        SentMessage sent = alicePhone.client.sendText("bob", hello);
        plaintexts.add(hello);
        for (TestDevice d : List.of(bobPhone, bobLaptop, aliceLaptop)) {
            IncomingMessage m = d.awaitText(hello);
            assertThat(m.from()).isEqualTo(alicePhone.address);
            assertThat(m.messageId()).isEqualTo(sent.messageId());
        }
        String answer = "Bringing the blue umbrella " + System.nanoTime();
        bobLaptop.client.sendText("alice", answer);
        plaintexts.add(answer);
        Stream.of(alicePhone, aliceLaptop, bobPhone).forEach(d -> d.awaitText(answer));

        // receipts: bob's devices acknowledged delivery automatically; a read receipt turns it blue
        await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.receipts.stream()
                .anyMatch(r -> r.status().equals("delivered") && r.messageIds().contains(sent.messageId())));
        bobPhone.client.receipt(sent.chatId(), List.of(sent.messageId()), "read");
        await().atMost(TestDevice.TIMEOUT).until(() -> alicePhone.events.receipts.stream()
                .anyMatch(r -> r.status().equals("read") && r.messageIds().contains(sent.messageId())));

        // media: encrypted with a fresh key, uploaded through the presigned URL, downloaded and decrypted by bob
        String photoMarker = "pixels of a secret photo " + System.nanoTime();
        byte[] photo = photoMarker.repeat(200).getBytes(StandardCharsets.UTF_8);
        plaintexts.add(photoMarker);
        String caption = "Our meeting point, see photo " + System.nanoTime();
        plaintexts.add(caption);
        alicePhone.client.send("bob", alicePhone.client.uploadMedia(photo, "image/png", "bridge.png", caption));
        Content.MediaRef received = bobLaptop.awaitText(caption).content().media();
        byte[] mediaKey = B64.decode(received.key());
        assertThat(received.fileName()).isEqualTo("bridge.png");
        assertThat(bobLaptop.client.downloadMedia(received)).isEqualTo(photo);

        // a group of three with sender keys: one ciphertext per message for everybody
        String groupId = alicePhone.client.createGroup("bridge club", List.of("bob", "carol"));
        String toGroup = "The password is heron " + System.nanoTime();
        alicePhone.client.sendGroupText(groupId, toGroup);
        plaintexts.add(toGroup);
        for (TestDevice d : List.of(bobPhone, bobLaptop, carolPhone, aliceLaptop)) {
            assertThat(d.awaitText(toGroup).groupId()).isEqualTo(groupId);
        }
        String fromCarol = "Carol agrees, heron it is " + System.nanoTime();
        carolPhone.client.sendGroupText(groupId, fromCarol);
        plaintexts.add(fromCarol);
        Stream.of(alicePhone, aliceLaptop, bobPhone, bobLaptop).forEach(d -> d.awaitText(fromCarol));
        String fromBob = "Bob was never told about the heron " + System.nanoTime();
        bobPhone.client.sendGroupText(groupId, fromBob);
        plaintexts.add(fromBob);
        Stream.of(alicePhone, aliceLaptop, bobLaptop, carolPhone).forEach(d -> d.awaitText(fromBob));

        // carol leaves the group: alice's next message uses a new sender key that only the remaining members get
        alicePhone.client.call(new GroupActions.GroupRemove(null, groupId, "carol"));
        String afterCarol = "Carol is out, new sender key " + System.nanoTime();
        alicePhone.client.sendGroupText(groupId, afterCarol);
        plaintexts.add(afterCarol);
        Stream.of(bobPhone, bobLaptop, aliceLaptop).forEach(d -> d.awaitText(afterCarol));
        assertThat(alicePhone.context().contacts.senderKeyGeneration(groupId)).isEqualTo(1);
        assertThat(carolPhone.events.texts()).doesNotContain(afterCarol);

        // a restarted client continues its sessions from its store
        devices.close(alicePhone);
        TestDevice aliceAgain = device("alice", "phone");
        assertThat(aliceAgain.storeDirectory).isEqualTo(alicePhone.storeDirectory);
        String afterRestart = "Still the same session after a restart " + System.nanoTime();
        aliceAgain.client.sendText("bob", afterRestart);
        plaintexts.add(afterRestart);
        Stream.of(bobPhone, bobLaptop, aliceLaptop).forEach(d -> d.awaitText(afterRestart));

        for (TestDevice d : devices.open()) {
            assertThat(d.events.failures).as("decryption failures on %s", d.address).isEmpty();
        }

        // control: a message sent without encryption (plain base64 body) is found, so the search would see a leak;
        // it goes to a device that is offline, so a push request is published too (online devices get their
        // messages posted by the send itself: nothing of a 1:1 chat goes through SQS or SNS)
        TestDevice davePhone = device("dave", "phone");
        devices.close(davePhone);
        String control = "This one was sent in the clear " + System.nanoTime();
        aliceAgain.client.call(SendMessage.direct(UUID.randomUUID().toString(), "dave",
                B64.encode(control.getBytes(StandardCharsets.UTF_8)), null));

        BackendContents backend = BackendContents.read(RUNTIME.awsClients());
        assertThat(backend.items()).as("DynamoDB items scanned").isPositive();
        assertThat(backend.published()).as("SQS/SNS messages captured").isPositive();
        assertThat(backend.containing(control)).as("the unencrypted control message").isNotEmpty();
        for (String plaintext : plaintexts) {
            assertThat(backend.containing(plaintext)).as("backend records containing '%s'", plaintext).isEmpty();
        }

        // no private key, media key or sender-key secret either; control: public identity keys are there
        assertThat(backend.containing(bobPhone.context().store.getIdentityKeyPair().getPublicKey().serialize()))
                .as("bob's public identity key (uploaded)").isNotEmpty();
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("the media key", mediaKey);
        Map<String, Map<String, Integer>> senderKeys = Map.of("alice/phone", Map.of(groupId, 1),
                "bob/phone", Map.of(groupId, 0), "carol/phone", Map.of(groupId, 0)); // who sent to the group
        for (TestDevice d : devices.open()) {
            secrets.putAll(DeviceSecrets.of(d, senderKeys.getOrDefault(d.address.toString(), Map.of())));
        }
        assertThat(secrets).hasSizeGreaterThan(100);
        secrets.forEach((name, secret) -> assertThat(backend.containing(secret)).as("backend records containing %s",
                name).isEmpty());
    }
}

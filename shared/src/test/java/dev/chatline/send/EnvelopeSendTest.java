package dev.chatline.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage.Envelope;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.ConnectedMessagingTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** sendMessage with per-device envelopes: the device check, storage, and each device getting only its own copy. */
class EnvelopeSendTest extends ConnectedMessagingTestBase {

    @Override
    protected String environmentName() {
        return "envelopes";
    }

    @Override
    protected int sendRatePermits() {
        return 10000;
    }

    @BeforeEach
    void clear() {
        endpoint.clear();
        while (!f.env.drain(f.env.fanoutQueueUrl).isEmpty()) {
            // drained
        }
    }

    private static Envelope envelope(String userId, String deviceId) {
        return new Envelope(userId, deviceId, "message", "ct-for-" + userId + "-" + deviceId, null);
    }

    private static SendMessage request(String to, List<Envelope> envelopes) {
        return SendMessage.withEnvelopes(UUID.randomUUID().toString(), to, "signal/text", envelopes);
    }

    private static String deviceKeysOf(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("userId").asText() + "/" + n.get("deviceId").asText()));
        return String.join(",", out);
    }

    @Test
    void envelopesThatDoNotMatchTheDevicesAreRefusedNamingMissingAndExtraDevices() {
        Identity alice = f.device("alice1", "phone");
        f.device("alice1", "laptop");
        f.device("bob1", "phone");
        f.device("bob1", "tablet");
        SendMessage req = request("bob1", List.of(envelope("bob1", "phone"), envelope("bob1", "old"),
                envelope("alice1", "phone")));

        assertThatThrownBy(() -> ProtocolJson.encode(
                f.send.send(alice, req), "r1")).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_MISMATCH);
            JsonNode frame = Json.read(ErrorFrame.of(e, "r1", req.clientMsgId()));
            assertThat(frame.get("code").asText()).isEqualTo("DEVICE_MISMATCH");
            assertThat(frame.get("requestId").asText()).isEqualTo("r1");
            assertThat(deviceKeysOf(frame.get("missingDevices"))).isEqualTo("bob1/tablet,alice1/laptop");
            assertThat(deviceKeysOf(frame.get("extraDevices"))).isEqualTo("bob1/old,alice1/phone");
        });
        assertThat(f.messages.newestFirst("d:alice1:bob1", 0, OptionalLong.empty(), 10).messages()).isEmpty();
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).isEmpty();
    }

    @Test
    void eachDeviceReceivesOnlyItsOwnEnvelopeLiveOnSyncAndInHistory() {
        Identity alice = f.device("alice2", "phone");
        f.device("alice2", "laptop");
        Identity bobPhone = f.device("bob2", "phone");
        Identity bobTablet = f.device("bob2", "tablet");
        f.connect(bobPhone, "conn-bob2-phone");
        f.connect(new Identity("alice2", "laptop"), "conn-alice2-laptop");
        List<Envelope> envelopes = List.of(envelope("bob2", "phone"), envelope("bob2", "tablet"),
                envelope("alice2", "laptop"));

        JsonNode ack = Json.read(ProtocolJson.encode(f.send.send(alice, request("bob2", envelopes))));

        StoredMessage stored = f.messages.get(new MessageRef(ack.get("chatId").asText(), ack.get("seq").asLong()))
                .orElseThrow();
        assertThat(stored.body()).isNull();
        assertThat(stored.envelopes()).hasSize(3);
        // delivered by the send itself to the two connected devices, each with its own envelope only
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).isEmpty();
        JsonNode live = Json.read(endpoint.framesTo("conn-bob2-phone").get(0));
        assertThat(live.get("envelope").get("body").asText()).isEqualTo("ct-for-bob2-phone");
        assertThat(live.get("envelope").get("type").asText()).isEqualTo("message");
        assertThat(live.has("body")).isFalse();
        assertThat(live.get("contentType").asText()).isEqualTo("signal/text");
        assertThat(Json.read(endpoint.framesTo("conn-alice2-laptop").get(0)).at("/envelope/body").asText())
                .isEqualTo("ct-for-alice2-laptop");
        assertThat(endpoint.posts()).hasSize(2);

        f.sync.sync(bobTablet, "conn-bob2-tablet", Optional.empty()); // the tablet was offline
        JsonNode synced = Json.read(endpoint.framesTo("conn-bob2-tablet").get(0));
        assertThat(synced.get("messageId").asText()).isEqualTo(ack.get("messageId").asText());
        assertThat(synced.at("/envelope/body").asText()).isEqualTo("ct-for-bob2-tablet");

        JsonNode history = Json.read(ProtocolJson.encode(
                f.history.history(bobTablet, "d:alice2:bob2", OptionalLong.empty(), 10)));
        assertThat(history.at("/messages/0/envelope/body").asText()).isEqualTo("ct-for-bob2-tablet");
        assertThat(history.toString()).doesNotContain("ct-for-bob2-phone", "ct-for-alice2-laptop");
        JsonNode senderHistory = Json.read(ProtocolJson.encode(
                f.history.history(alice, "d:alice2:bob2", OptionalLong.empty(), 10)));
        assertThat(senderHistory.at("/messages/0").has("envelope")).isFalse(); // the sending device has no copy
    }

    @Test
    void theFirstMessageOfADirectChatRecordsBothUsersAsContacts() {
        Identity alice = f.device("alice3", "phone");
        f.device("bob3", "phone");
        assertThat(f.contacts.contactsOf("alice3")).isEmpty();

        f.sendText(alice, "bob3", "hi");
        f.sendText(alice, "bob3", "again");

        assertThat(f.contacts.contactsOf("alice3")).containsExactly("bob3");
        assertThat(f.contacts.contactsOf("bob3")).containsExactly("alice3");
    }
}

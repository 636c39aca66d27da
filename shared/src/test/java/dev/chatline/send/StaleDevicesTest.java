package dev.chatline.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.keys.DeviceKeys;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.PreKey;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage.Envelope;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.ConnectedMessagingTestBase;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** The envelopes' registration ids against the devices' current ones: {@code STALE_DEVICES}, nothing stored. */
class StaleDevicesTest extends ConnectedMessagingTestBase {

    @Override
    protected String environmentName() {
        return "stale";
    }

    @Override
    protected int sendRatePermits() {
        return 10000;
    }

    private void keys(String userId, String deviceId, int registrationId) {
        PreKey key = new PreKey(1, new byte[33], new byte[64]);
        new DeviceKeysStore(f.ddb, f.env.config).put(new DeviceKeys(userId, deviceId, registrationId, new byte[33], key,
                key, System.currentTimeMillis()));
    }

    private static Envelope envelope(String userId, String deviceId, Integer registrationId) {
        return new Envelope(userId, deviceId, "message", "ct", registrationId);
    }

    @Test
    void anEnvelopeForAReplacedRegistrationIsRefusedNamingTheStaleDevicesAndNothingIsStored() {
        Identity alice = f.device("alice-s1", "phone");
        f.device("bob-s1", "phone");
        f.device("bob-s1", "tablet");
        keys("bob-s1", "phone", 200); // re-registered: was 100
        keys("bob-s1", "tablet", 300);
        SendMessage req = SendMessage.withEnvelopes(UUID.randomUUID().toString(), "bob-s1", "signal/text",
                List.of(envelope("bob-s1", "phone", 100), envelope("bob-s1", "tablet", 300)));

        assertThatThrownBy(() -> ProtocolJson.encode(
                f.send.send(alice, req), "r1")).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STALE_DEVICES);
            JsonNode frame = Json.read(ErrorFrame.of(e, "r1", req.clientMsgId()));
            assertThat(frame.get("code").asText()).isEqualTo("STALE_DEVICES");
            assertThat(frame.get("clientMsgId").asText()).isEqualTo(req.clientMsgId());
            assertThat(frame.get("staleDevices").toString()).isEqualTo("[{\"userId\":\"bob-s1\",\"deviceId\":\"phone\"}]");
        });
        assertThat(f.messages.newestFirst("d:alice-s1:bob-s1", 0, OptionalLong.empty(), 10).messages()).isEmpty();

        // re-encrypted for the new registration, same clientMsgId: stored
        SendMessage again = SendMessage.withEnvelopes(req.clientMsgId(), "bob-s1", "signal/text",
                List.of(envelope("bob-s1", "phone", 200), envelope("bob-s1", "tablet", 300)));
        assertThat(Json.read(ProtocolJson.encode(
                f.send.send(alice, again), "r2")).get("type").asText()).isEqualTo("ack");
    }

    @Test
    void envelopesWithoutRegistrationIdsOrForDevicesWithoutKeysAreNotChecked() {
        Identity alice = f.device("alice-s2", "phone");
        f.device("bob-s2", "phone");
        f.device("bob-s2", "tablet");
        keys("bob-s2", "phone", 200);
        SendMessage req = SendMessage.withEnvelopes(UUID.randomUUID().toString(), "bob-s2", "signal/text",
                List.of(envelope("bob-s2", "phone", null), envelope("bob-s2", "tablet", 7)));
        assertThat(Json.read(ProtocolJson.encode(f.send.send(alice, req), "r1")).get("type").asText()).isEqualTo("ack");
    }

    @Test
    void aRetryOfAStoredMessageIsAnsweredWithItsAckEvenAfterTheDeviceReRegistered() {
        Identity alice = f.device("alice-s3", "phone");
        f.device("bob-s3", "phone");
        keys("bob-s3", "phone", 100);
        SendMessage req = SendMessage.withEnvelopes(UUID.randomUUID().toString(), "bob-s3", "signal/text",
                List.of(envelope("bob-s3", "phone", 100)));
        JsonNode first = Json.read(ProtocolJson.encode(f.send.send(alice, req), "r1"));
        keys("bob-s3", "phone", 101);
        JsonNode retry = Json.read(ProtocolJson.encode(f.send.send(alice, req), "r2"));
        assertThat(retry.get("messageId").asText()).isEqualTo(first.get("messageId").asText());
    }

    @Test
    void aRegistrationIdOutOfRangeIsInvalid() {
        String frame = "{\"action\":\"sendMessage\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"to\":\"bob\","
                + "\"envelopes\":[{\"userId\":\"bob\",\"deviceId\":\"phone\",\"type\":\"message\",\"body\":\"x\","
                + "\"registrationId\":16381}]}";
        assertThatThrownBy(() -> ProtocolJson.decode(frame))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
                .hasMessageContaining("envelopes[0].registrationId");
    }
}

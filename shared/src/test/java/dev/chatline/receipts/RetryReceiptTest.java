package dev.chatline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.ConnectedMessagingTestBase;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry receipts: the sender's devices are asked to encrypt again; nothing is stored, the inbox row stays. */
class RetryReceiptTest extends ConnectedMessagingTestBase {
    @Override
    protected String environmentName() {
        return "retry-receipts";
    }

    @Override
    protected int sendRatePermits() {
        return 1000;
    }

    @BeforeEach
    void clear() {
        endpoint.clear();
    }

    private String send(Identity from, String to) {
        return Json.read(ProtocolJson.encode(
                f.send.send(from, MessagingFixture.text(to, "Y2lwaGVy")))).get("messageId").asText();
    }

    private static Receipt retry(String chatId, String messageId) {
        return ProtocolJson.read("{\"action\":\"receipt\",\"chatId\":\"" + chatId
                + "\",\"messageIds\":[\"" + messageId + "\"],\"status\":\"retry\"}", Receipt.class);
    }

    @Test
    void theSendersDevicesGetARetryRequestNamingTheAskingDeviceAndTheMessageStaysInItsInbox() {
        Identity alice = f.device("alice-r1", "phone");
        f.device("alice-r1", "laptop");
        Identity bob = f.device("bob-r1", "tablet");
        f.connect(alice, "c-alice-r1");
        f.connect(new Identity("alice-r1", "laptop"), "c-alice-r1-laptop");
        String id = send(alice, "bob-r1");
        endpoint.clear();

        f.receiptService.apply(bob, retry("d:alice-r1:bob-r1", id));

        for (String connection : List.of("c-alice-r1", "c-alice-r1-laptop")) {
            JsonNode event = Json.read(endpoint.framesTo(connection).get(0));
            assertThat(event.get("type").asText()).isEqualTo("retryRequest");
            assertThat(event.get("chatId").asText()).isEqualTo("d:alice-r1:bob-r1");
            assertThat(event.get("messageIds").toString()).isEqualTo("[\"" + id + "\"]");
            assertThat(event.get("by").toString()).isEqualTo("{\"userId\":\"bob-r1\",\"deviceId\":\"tablet\"}");
        }
        // no status moved, and bob's device still has the message to sync
        f.sync.sync(bob, "c-bob-r1", Optional.empty());
        assertThat(endpoint.framesTo("c-bob-r1")).anyMatch(frame -> frame.contains(id));
        assertThat(endpoint.framesTo("c-alice-r1")).noneMatch(frame -> frame.contains("\"type\":\"receipt\""));
    }

    @Test
    void onlyARecipientMayAskAndOnlyForAKnownMessageOfTheChat() {
        Identity alice = f.device("alice-r2", "phone");
        Identity bob = f.device("bob-r2", "phone");
        Identity carol = f.device("carol-r2", "phone");
        String id = send(alice, "bob-r2");

        assertThatThrownBy(() -> f.receiptService.apply(alice, retry("d:alice-r2:bob-r2", id)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> f.receiptService.apply(carol, retry("d:alice-r2:bob-r2", id)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> f.receiptService.apply(bob, retry("d:alice-r2:bob-r2", id.replace("-1", "-9"))))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.UNKNOWN_MESSAGE));
        assertThatThrownBy(() -> ProtocolJson.read("{\"action\":\"receipt\",\"chatId\":"
                + "\"d:a:b\",\"messageIds\":[\"x-1\"],\"status\":\"again\"}", Receipt.class))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }
}

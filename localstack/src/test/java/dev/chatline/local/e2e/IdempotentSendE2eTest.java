package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.messaging.MessageStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * sendMessage is idempotent by clientMsgId: a retry returns the original ack and never creates a second message.
 * A retry within two minutes of the original is delivered again (the original may have died between storing and
 * posting), so the recipient may see the message twice — always under the same messageId and seq.
 */
class IdempotentSendE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @Test
    void resendingTheSameClientMsgIdReturnsTheSameAckAndStoresOnce() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String clientMsgId = Frames.newClientMsgId();
            JsonNode ack1 = alicePhone.request(Frames.sendMessage(clientMsgId, bob, "b25jZQ"));
            JsonNode ack2 = alicePhone.request(Frames.sendMessage(clientMsgId, bob, "b25jZQ"));

            assertSameAck(ack1, ack2, clientMsgId);
            assertStoredOnce(alicePhone, bobPhone, ack1);
        }
    }

    @Test
    void concurrentRetriesFromTwoDevicesOfTheSenderYieldOneMessage() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String clientMsgId = Frames.newClientMsgId();
            CompletableFuture<JsonNode> fromPhone = CompletableFuture.supplyAsync(() ->
                    uncheckedRequest(alicePhone, Frames.sendMessage(clientMsgId, bob, "cmFjZQ")));
            JsonNode fromLaptop = aliceLaptop.request(Frames.sendMessage(clientMsgId, bob, "cmFjZQ"));

            assertSameAck(fromPhone.join(), fromLaptop, clientMsgId);
            assertStoredOnce(alicePhone, bobPhone, fromLaptop);
        }
    }

    private static void assertSameAck(JsonNode a, JsonNode b, String clientMsgId) {
        for (JsonNode ack : List.of(a, b)) {
            assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
            assertThat(ack.path("clientMsgId").asText()).isEqualTo(clientMsgId);
        }
        assertThat(b.path("messageId").asText()).isEqualTo(a.path("messageId").asText());
        assertThat(b.path("seq").asLong()).isEqualTo(a.path("seq").asLong());
        assertThat(b.path("chatId").asText()).isEqualTo(a.path("chatId").asText());
        assertThat(b.path("serverTs").asLong()).isEqualTo(a.path("serverTs").asLong());
    }

    /**
     * Bob gets the message (any copy carries the acked messageId and seq; a later message of the same chat is the
     * marker: the sends are over), and one row is stored.
     */
    private static void assertStoredOnce(ChatDevice sender, ChatDevice recipient, JsonNode ack)
            throws InterruptedException {
        String messageId = ack.path("messageId").asText();
        recipient.awaitMessage(messageId);
        String marker = sender.send(recipient.userId, "bWFya2Vy").path("messageId").asText();
        recipient.awaitMessage(marker);

        assertThat(recipient.pending("message")).filteredOn(m -> messageId.equals(m.path("messageId").asText()))
                .allSatisfy(copy -> assertThat(copy.path("seq").asLong()).isEqualTo(ack.path("seq").asLong()));
        try (Backend backend = new Backend(RUNTIME)) {
            List<Map<String, AttributeValue>> items = backend.messageItems(ack.path("chatId").asText());
            assertThat(items).as("the message and the marker").hasSize(2);
            assertThat(items).filteredOn(i -> i.get(MessageStore.SEQ).n().equals(ack.path("seq").asText()))
                    .singleElement().satisfies(i ->
                            assertThat(i.get(MessageStore.MESSAGE_ID).s()).isEqualTo(messageId));
        }
    }

    private static JsonNode uncheckedRequest(ChatDevice device, ObjectNode frame) {
        try {
            return device.request(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

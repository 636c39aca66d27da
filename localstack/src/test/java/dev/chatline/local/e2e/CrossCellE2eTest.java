package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.Acks;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alice lives in cell a, bob in cell b (each signs up by connecting to their cell first), on one runtime with two
 * cells: their direct chat is homed in a (the home cell of the lower user id), so alice's sends are stored in a and
 * relayed to b, and bob's are forwarded to a's {@code cellCall} and relayed back to him. Messages and delivered/read
 * receipts cross in both directions, so do retry receipts, bob's {@code history} (read at the home) has every
 * message with his own messages' statuses, and a relay delivery that fails once is redelivered by SQS and still arrives.
 */
class CrossCellE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(LocalRuntimeExtension.defaults()
            .withFunctions(FailFirstRelayHandler.catalog()).withCells(List.of("a", "b")));
    /** A failed relay batch comes back after the queue's visibility timeout (2 s in tests). */
    private static final Duration REDELIVERY = Duration.ofSeconds(30);

    @Test
    void aliceInCellATalksWithBobInCellBAndReceiptsComeBack() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        assertThat(alice).as("the chat is homed in alice's cell").isLessThan(bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "b", bob, "phone")) {
            String chatId = Frames.directChat(alice, bob);

            Acks.SendMessageAck ack = alicePhone.send(bob, "ZnJvbSBh");
            JsonNode atBob = bobPhone.awaitMessage(ack.messageId());
            assertMessage(atBob, chatId, ack, alice, "ZnJvbSBh");
            bobPhone.receipt(chatId, "delivered", List.of(ack.messageId()));
            assertReceipt(alicePhone.awaitReceipt("delivered"), chatId, ack, bob);
            bobPhone.receipt(chatId, "read", List.of(ack.messageId()));
            assertReceipt(alicePhone.awaitReceipt("read"), chatId, ack, bob);

            Acks.SendMessageAck reply = bobPhone.send(alice, "ZnJvbSBi");
            assertThat(reply.seq()).as("one seq counter, the home's").isGreaterThan(
                    ack.seq());
            JsonNode atAlice = alicePhone.awaitMessage(reply.messageId());
            assertMessage(atAlice, chatId, reply, bob, "ZnJvbSBi");
            alicePhone.receipt(chatId, "delivered", List.of(reply.messageId()));
            assertReceipt(bobPhone.awaitReceipt("delivered"), chatId, reply, alice);
            alicePhone.receipt(chatId, "read", List.of(reply.messageId()));
            assertReceipt(bobPhone.awaitReceipt("read"), chatId, reply, alice);

            bobPhone.receipt(chatId, "retry", List.of(ack.messageId()));
            JsonNode retry = alicePhone.awaitFrame(f -> Frames.isType(f, "retryRequest"));
            assertThat(Frames.texts(retry.path("messageIds"))).containsExactly(ack.messageId());
            assertThat(retry.path("by").path("userId").asText()).isEqualTo(bob);
            // bob's history is read at the chat's home: every message, and his own with its status there
            List<String> history = new ArrayList<>();
            bobPhone.request(Frames.history(chatId, null, 10)).path("messages").forEach(m ->
                    history.add(m.path("messageId").asText() + " " + m.path("status").asText("-")));
            assertThat(history).containsExactly(reply.messageId() + " read", ack.messageId() + " -");
        }
    }

    @Test
    void aRelayDeliveryThatFailsOnceIsRedeliveredAndArrives() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "b", bob, "phone")) {
            FailFirstRelayHandler.failFirstBatchWith("cmVsYXllZA");
            Acks.SendMessageAck ack = alicePhone.send(bob, "cmVsYXllZA");

            JsonNode atBob = bobPhone.awaitFrame(f -> Frames.isType(f, "message"), REDELIVERY);
            assertMessage(atBob, Frames.directChat(alice, bob), ack, alice, "cmVsYXllZA");
            assertThat(FailFirstRelayHandler.FAILED).as("the relay delivery really failed once").isNotEmpty();
            for (JsonNode copy : bobPhone.pending("message")) { // at least once, never under another id or seq
                assertThat(copy.path("messageId").asText()).isEqualTo(ack.messageId());
                assertThat(copy.path("seq").asLong()).isEqualTo(ack.seq());
            }
        }
    }

    private static void assertMessage(JsonNode message, String chatId, Acks.SendMessageAck ack, String from, String body) {
        assertThat(message.path("chatId").asText()).isEqualTo(chatId);
        assertThat(message.path("messageId").asText()).isEqualTo(ack.messageId());
        assertThat(message.path("seq").asLong()).isEqualTo(ack.seq());
        assertThat(message.path("from").path("userId").asText()).isEqualTo(from);
        assertThat(message.path("body").asText()).isEqualTo(body);
    }

    private static void assertReceipt(JsonNode receipt, String chatId, Acks.SendMessageAck ack, String by) {
        assertThat(receipt.path("chatId").asText()).isEqualTo(chatId);
        assertThat(Frames.texts(receipt.path("messageIds"))).containsExactly(ack.messageId());
        assertThat(receipt.path("by").asText()).isEqualTo(by);
    }
}

package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.messaging.MessageStore;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.SendMessage;
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
            Acks.SendMessageAck ack1 = alicePhone.call(text(clientMsgId, bob, "b25jZQ"), Acks.SendMessageAck.class);
            Acks.SendMessageAck ack2 = alicePhone.call(text(clientMsgId, bob, "b25jZQ"), Acks.SendMessageAck.class);

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
            CompletableFuture<Acks.SendMessageAck> fromPhone = CompletableFuture.supplyAsync(() ->
                    uncheckedSend(alicePhone, text(clientMsgId, bob, "cmFjZQ")));
            Acks.SendMessageAck fromLaptop = aliceLaptop.call(text(clientMsgId, bob, "cmFjZQ"),
                    Acks.SendMessageAck.class);

            assertSameAck(fromPhone.join(), fromLaptop, clientMsgId);
            assertStoredOnce(alicePhone, bobPhone, fromLaptop);
        }
    }

    private static void assertSameAck(Acks.SendMessageAck a, Acks.SendMessageAck b, String clientMsgId) {
        assertThat(a.clientMsgId()).isEqualTo(clientMsgId);
        assertThat(b).as("messageId, seq, chatId, serverTs").isEqualTo(a);
    }

    private static SendMessage text(String clientMsgId, String to, String body) {
        return SendMessage.direct(clientMsgId, to, body, "text/plain");
    }

    /**
     * Bob gets the message (any copy carries the acked messageId and seq; a later message of the same chat is the
     * marker: the sends are over), and one row is stored.
     */
    private static void assertStoredOnce(ChatDevice sender, ChatDevice recipient, Acks.SendMessageAck ack)
            throws InterruptedException {
        String messageId = ack.messageId();
        recipient.awaitMessage(messageId);
        String marker = sender.send(recipient.userId, "bWFya2Vy").messageId();
        recipient.awaitMessage(marker);

        assertThat(recipient.pending("message")).filteredOn(m -> messageId.equals(m.path("messageId").asText()))
                .allSatisfy(copy -> assertThat(copy.path("seq").asLong()).isEqualTo(ack.seq()));
        try (Backend backend = new Backend(RUNTIME)) {
            List<Map<String, AttributeValue>> items = backend.messageItems(ack.chatId());
            assertThat(items).as("the message and the marker").hasSize(2);
            assertThat(items).filteredOn(i -> i.get(MessageStore.SEQ).n().equals(Long.toString(ack.seq())))
                    .singleElement().satisfies(i ->
                            assertThat(i.get(MessageStore.MESSAGE_ID).s()).isEqualTo(messageId));
        }
    }

    private static Acks.SendMessageAck uncheckedSend(ChatDevice device, SendMessage message) {
        try {
            return device.call(message, Acks.SendMessageAck.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

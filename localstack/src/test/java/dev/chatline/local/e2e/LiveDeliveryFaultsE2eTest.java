package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.local.faults.PostFaults;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storing function posts to live connections itself; these faults ({@link PostFaults}, injected into the real
 * {@code PostToConnection} calls) must not lose or delay a message for a connected device:
 * <ul>
 *   <li>a post that fails once is retried on that connection at once;</li>
 *   <li>a post that keeps failing goes to the fan-out queue, whose consumer delivers it;</li>
 *   <li>a send that dies between its transaction and its posts answers the sender with an error, and the client's
 *   retry (same clientMsgId) delivers the stored message;</li>
 *   <li>a receipt that dies before telling the sender leaves the message in the device's {@code sync} set, and the
 *   device's repeated receipt tells the sender.</li>
 * </ul>
 * Since the posts come before the {@code ack}, a connected device already has the message when the sender is
 * acknowledged: nothing is left to lose after the ack.
 */
class LiveDeliveryFaultsE2eTest {
    private static final Duration LIVE = Duration.ofSeconds(1);

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    /** A body no other test sends, so a fault armed for it hits only this test's frames. */
    private static String uniqueBody() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aConnectedRecipientHasTheMessageByTheAckWhenAPostFailsOnce() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String body = uniqueBody();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            PostFaults.fail(body, 1);
            String id = alicePhone.send(bob, body).messageId();

            assertThat(bobPhone.awaitFrame(f -> Frames.isType(f, "message") && id.equals(f.path("messageId")
                    .asText()), LIVE).path("body").asText()).isEqualTo(body);
            assertThat(PostFaults.pending()).as("the fault fired").isZero();
        }
    }

    @Test
    void aPostThatKeepsFailingIsDeliveredThroughTheFanoutQueue() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String body = uniqueBody();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            PostFaults.fail(body, LiveDelivery.POST_ATTEMPTS);
            Acks.SendMessageAck ack = alicePhone.send(bob, body);
            assertThat(PostFaults.pending()).as("every in-process attempt failed").isZero();

            JsonNode got = bobPhone.awaitFrame(f -> Frames.isType(f, "message")
                    && ack.messageId().equals(f.path("messageId").asText()), Duration.ofSeconds(10));
            assertThat(got.path("seq").asLong()).isEqualTo(ack.seq());
            assertThat(bobPhone.pending("message")).as("posted once").noneMatch(f ->
                    ack.messageId().equals(f.path("messageId").asText()));
        }
    }

    @Test
    void aSendThatDiesAfterStoringIsDeliveredByTheClientsRetry() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String body = uniqueBody();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            PostFaults.crash(body);
            String clientMsgId = Frames.newClientMsgId();
            JsonNode died = alicePhone.request(Frames.sendMessage(clientMsgId, bob, body));
            assertThat(died.path("type").asText()).as("reply %s", died).isEqualTo("error");
            assertThat(died.path("code").asText()).isEqualTo("INTERNAL_ERROR");
            try (Backend backend = new Backend(RUNTIME)) {
                assertThat(backend.messageItems(Frames.directChat(alice, bob))).as("stored before it died")
                        .hasSize(1);
            }

            JsonNode ack = alicePhone.request(Frames.sendMessage(clientMsgId, bob, body));

            assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
            assertThat(bobPhone.awaitFrame(f -> Frames.isType(f, "message") && ack.path("messageId").asText()
                    .equals(f.path("messageId").asText()), LIVE).path("body").asText()).isEqualTo(body);
            try (Backend backend = new Backend(RUNTIME)) {
                assertThat(backend.messageItems(Frames.directChat(alice, bob))).as("stored once").hasSize(1);
            }
        }
    }

    @Test
    void aReceiptThatDiesBeforeTellingTheSenderIsToldWhenTheDeviceAcknowledgesAgain() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String chatId = Frames.directChat(alice, bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String id = alicePhone.send(bob, uniqueBody()).messageId();
            bobPhone.awaitMessage(id);
            PostFaults.crash("\"" + id + "\"],\"status\":\"delivered\"");

            JsonNode died = bobPhone.request(Frames.receipt(chatId, "delivered", List.of(id)));
            assertThat(died.path("code").asText()).as("reply %s", died).isEqualTo("INTERNAL_ERROR");
            assertThat(PostFaults.pending()).as("it died posting the sender's event").isZero();

            // the message is still in bob's sync set, so the app acknowledges it again
            assertThat(bobPhone.sync(null).messageIds()).contains(id);
            bobPhone.receipt(chatId, "delivered", List.of(id));

            JsonNode event = alicePhone.awaitReceipt("delivered");
            assertThat(Frames.texts(event.path("messageIds"))).containsExactly(id);
            assertThat(bobPhone.sync(null).messageIds()).doesNotContain(id);
        }
    }
}

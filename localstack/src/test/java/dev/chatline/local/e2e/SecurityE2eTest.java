package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may read and acknowledge what: membership, own messages, forged ids, and identity from the token only. */
class SecurityE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    private String alice;
    private String bob;
    private String chatId;
    private ChatDevice alicePhone;
    private ChatDevice bobPhone;
    private ChatDevice carolPhone;

    @BeforeEach
    void connect() {
        alice = uniqueUser("alice");
        bob = uniqueUser("bob");
        chatId = Frames.directChat(alice, bob);
        alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
        bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
        carolPhone = ChatDevice.connect(RUNTIME, uniqueUser("carol"), "phone");
    }

    @AfterEach
    void close() {
        List.of(alicePhone, bobPhone, carolPhone).forEach(ChatDevice::close);
    }

    @Test
    void outsiderCannotReadTheChatHistory() throws Exception {
        alicePhone.send(bob, "cHJpdmF0ZQ");

        JsonNode reply = carolPhone.request(Frames.history(chatId, null, null));

        assertThat(reply.path("type").asText()).isEqualTo("error");
        assertThat(reply.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(reply.has("messages")).isFalse();
        assertThat(reply.toString()).doesNotContain("cHJpdmF0ZQ");
    }

    @Test
    void outsiderCannotAcknowledgeTheChatsMessages() throws Exception {
        String messageId = alicePhone.send(bob, "bm90IHlvdXJz").messageId();

        assertThat(carolPhone.refusal(new Receipt(chatId, List.of(messageId), "read"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertNoReceiptEventReachesAlice(messageId);
    }

    @Test
    void senderCannotAcknowledgeTheirOwnMessage() throws Exception {
        String messageId = alicePhone.send(bob, "bWluZQ").messageId();

        assertThat(alicePhone.refusal(new Receipt(chatId, List.of(messageId), "delivered")))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertNoReceiptEventReachesAlice(messageId);
    }

    @Test
    void forgedMessageIdIsUnknownAndNothingIsApplied() throws Exception {
        Acks.SendMessageAck ack = alicePhone.send(bob, "cmVhbA");
        String real = ack.messageId();
        String forged = "01ARZ3NDEKTSV4RRFFQ69G5FAV-" + ack.seq(); // right seq, wrong ULID

        assertThat(bobPhone.refusal(new Receipt(chatId, List.of(forged), "read"))).isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        assertThat(bobPhone.refusal(new Receipt(chatId, List.of(real, forged), "read")))
                .as("one bad id refuses the whole receipt").isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        assertThat(bobPhone.refusal(new Receipt(chatId, List.of("not-a-message-id"), "read")))
                .isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        assertNoReceiptEventReachesAlice(real);
    }

    @Test
    void senderIdentityComesFromTheTokenNotFromTheFrame() throws Exception {
        String mallory = uniqueUser("mallory");
        ObjectNode frame = Frames.sendMessage(Frames.newClientMsgId(), bob, "c3Bvb2Y");
        frame.putObject("from").put("userId", mallory).put("deviceId", "evil");
        frame.put("senderUserId", mallory);

        JsonNode ack = alicePhone.request(frame);

        assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
        assertThat(ack.path("chatId").asText()).isEqualTo(chatId);
        JsonNode message = bobPhone.awaitMessage(ack.path("messageId").asText());
        assertThat(message.path("from").path("userId").asText()).isEqualTo(alice);
        assertThat(message.path("from").path("deviceId").asText()).isEqualTo("phone");
        assertThat(message.path("chatId").asText()).isEqualTo(chatId);
    }

    /** After the refused receipt, bob's valid delivered receipt is the first event alice gets, and it is alone. */
    private void assertNoReceiptEventReachesAlice(String messageId) throws InterruptedException {
        bobPhone.awaitMessage(messageId);
        bobPhone.receipt(chatId, "delivered", List.of(messageId));
        JsonNode event = alicePhone.awaitFrame(f -> Frames.isType(f, "receipt"));
        assertThat(event.path("status").asText()).isEqualTo("delivered");
        assertThat(event.path("by").asText()).isEqualTo(bob);
        assertThat(Frames.texts(event.path("messageIds"))).containsExactly(messageId);
        assertThat(alicePhone.pending("receipt")).isEmpty();
    }
}

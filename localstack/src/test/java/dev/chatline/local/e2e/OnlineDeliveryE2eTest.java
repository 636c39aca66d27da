package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both users online: send → ack → live message → delivered/read receipts back to the sender; several devices. */
class OnlineDeliveryE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @Test
    void onlineRecipientGetsTheMessageAndTheSenderGetsDeliveredThenReadReceipts() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String clientMsgId = Frames.newClientMsgId();
            JsonNode ack = alicePhone.request(Frames.sendMessage(clientMsgId, bob, "aGVsbG8gYm9i"));

            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("clientMsgId").asText()).isEqualTo(clientMsgId);
            String chatId = Frames.directChat(alice, bob);
            assertThat(ack.path("chatId").asText()).isEqualTo(chatId);
            long seq = ack.path("seq").asLong();
            assertThat(seq).isPositive();
            String messageId = ack.path("messageId").asText();
            assertThat(messageId).matches("[0-9A-HJKMNP-TV-Z]{26}-" + seq);
            assertThat(ack.path("serverTs").asLong()).isCloseTo(System.currentTimeMillis(),
                    org.assertj.core.data.Offset.offset(60_000L));

            JsonNode message = bobPhone.awaitMessage(messageId);
            assertThat(message.path("chatId").asText()).isEqualTo(chatId);
            assertThat(message.path("seq").asLong()).isEqualTo(seq);
            assertThat(message.path("from").path("userId").asText()).isEqualTo(alice);
            assertThat(message.path("from").path("deviceId").asText()).isEqualTo("phone");
            assertThat(message.path("body").asText()).isEqualTo("aGVsbG8gYm9i");
            assertThat(message.path("contentType").asText()).isEqualTo("text/plain");
            assertThat(message.path("serverTs").asLong()).isEqualTo(ack.path("serverTs").asLong());

            bobPhone.receipt(chatId, "delivered", List.of(messageId));
            JsonNode delivered = alicePhone.awaitReceipt("delivered");
            assertReceipt(delivered, chatId, messageId, bob);

            bobPhone.receipt(chatId, "read", List.of(messageId));
            JsonNode read = alicePhone.awaitReceipt("read");
            assertReceipt(read, chatId, messageId, bob);
            assertThat(read.path("ts").asLong()).isGreaterThanOrEqualTo(delivered.path("ts").asLong());
        }
    }

    /** Receipts are one way by default: without requestId nothing comes back (one API Gateway message saved). */
    @Test
    void aReceiptWithoutRequestIdGetsNoReplyAndStillReachesTheSender() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String chatId = Frames.directChat(alice, bob);
            String messageId = alicePhone.send(bob, "b25lIHdheQ").path("messageId").asText();
            bobPhone.awaitMessage(messageId);

            bobPhone.receiptOneWay(chatId, "delivered", List.of(messageId));

            assertReceipt(alicePhone.awaitReceipt("delivered"), chatId, messageId, bob);
            // a reply would have come before the route response of this later request
            bobPhone.sync(null);
            assertThat(bobPhone.pending()).noneMatch(f -> Frames.isType(f, "ack"));
        }
    }

    @Test
    void readWithoutDeliveredFirstProducesOneReadEvent() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String chatId = Frames.directChat(alice, bob);
            String messageId = alicePhone.send(bob, "cmVhZCBtZQ").path("messageId").asText();
            bobPhone.awaitMessage(messageId);

            bobPhone.receipt(chatId, "read", List.of(messageId));

            // read implies delivered: one event; a later delivered receipt changes nothing
            JsonNode read = alicePhone.awaitFrame(f -> Frames.isType(f, "receipt"));
            assertThat(read.path("status").asText()).isEqualTo("read");
            assertReceipt(read, chatId, messageId, bob);
            bobPhone.receipt(chatId, "delivered", List.of(messageId));
            String marker = alicePhone.send(bob, "bWFya2Vy").path("messageId").asText();
            bobPhone.awaitMessage(marker);
            assertThat(alicePhone.pending("receipt")).isEmpty();
        }
    }

    @Test
    void everyOtherDeviceOfBothUsersGetsTheMessageButNotTheSendingDevice() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice aliceLaptop = ChatDevice.connect(RUNTIME, alice, "laptop");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice bobTablet = ChatDevice.connect(RUNTIME, bob, "tablet")) {
            JsonNode ack = alicePhone.send(bob, "Zm9yIGV2ZXJ5IGRldmljZQ");
            String messageId = ack.path("messageId").asText();

            for (ChatDevice device : List.of(bobPhone, bobTablet, aliceLaptop)) {
                JsonNode m = device.awaitMessage(messageId);
                assertThat(m.path("from").path("userId").asText()).as(device.userId).isEqualTo(alice);
                assertThat(m.path("from").path("deviceId").asText()).isEqualTo("phone");
                assertThat(m.path("seq").asLong()).isEqualTo(ack.path("seq").asLong());
            }

            // a later message from bob is a marker: one FIFO group per chat, so alice's phone would have got
            // its own copy before bob's message if the fan-out had targeted it
            String marker = bobPhone.send(alice, "bWFya2Vy").path("messageId").asText();
            alicePhone.awaitMessage(marker);
            assertThat(alicePhone.pending("message")).isEmpty();
            // bob's other device gets bob's own message as a copy, too
            bobTablet.awaitMessage(marker);
        }
    }

    @Test
    void unknownRecipientIsRefusedAndTheConnectionStaysUsable() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            String clientMsgId = Frames.newClientMsgId();
            JsonNode error = alicePhone.request(Frames.sendMessage(clientMsgId, uniqueUser("nobody"), "aGk"));

            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("UNKNOWN_RECIPIENT");
            assertThat(error.path("clientMsgId").asText()).isEqualTo(clientMsgId);
            assertThat(error.path("message").asText()).isNotBlank();

            String messageId = alicePhone.send(bob, "c3RpbGwgaGVyZQ").path("messageId").asText();
            assertThat(bobPhone.awaitMessage(messageId).path("body").asText()).isEqualTo("c3RpbGwgaGVyZQ");
        }
    }

    private static void assertReceipt(JsonNode receipt, String chatId, String messageId, String by) {
        assertThat(receipt.path("chatId").asText()).isEqualTo(chatId);
        assertThat(Frames.texts(receipt.path("messageIds"))).containsExactly(messageId);
        assertThat(receipt.path("by").asText()).isEqualTo(by);
        assertThat(receipt.path("ts").asLong()).isPositive();
    }
}

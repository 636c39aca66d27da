package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import java.util.List;
import org.assertj.core.data.Offset;
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
            Acks.SendMessageAck ack = alicePhone.call(SendMessage.direct(clientMsgId, bob, "aGVsbG8gYm9i",
                    "text/plain"), Acks.SendMessageAck.class);

            assertThat(ack.clientMsgId()).isEqualTo(clientMsgId);
            String chatId = Frames.directChat(alice, bob);
            assertThat(ack.chatId()).isEqualTo(chatId);
            assertThat(ack.groupId()).isNull();
            assertThat(ack.seq()).isPositive();
            assertThat(ack.messageId()).matches("[0-9A-HJKMNP-TV-Z]{26}-" + ack.seq());
            assertThat(ack.serverTs()).isCloseTo(System.currentTimeMillis(), Offset.offset(60_000L));

            ChatFrames.Message message = bobPhone.received(ack.messageId());
            assertThat(message).isEqualTo(new ChatFrames.Message(ack.messageId(), chatId, null, ack.seq(),
                    new ServerFrame.DeviceRef(alice, "phone"), "aGVsbG8gYm9i", "text/plain", ack.serverTs(), null));

            bobPhone.receipt(chatId, "delivered", List.of(ack.messageId()));
            ChatFrames.ReceiptEvent delivered = alicePhone.receiptEvent("delivered");
            assertReceipt(delivered, chatId, ack.messageId(), bob);

            bobPhone.receipt(chatId, "read", List.of(ack.messageId()));
            ChatFrames.ReceiptEvent read = alicePhone.receiptEvent("read");
            assertReceipt(read, chatId, ack.messageId(), bob);
            assertThat(read.ts()).isGreaterThanOrEqualTo(delivered.ts());
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
            String messageId = alicePhone.send(bob, "b25lIHdheQ").messageId();
            bobPhone.awaitMessage(messageId);

            bobPhone.receiptOneWay(chatId, "delivered", List.of(messageId));

            assertReceipt(alicePhone.receiptEvent("delivered"), chatId, messageId, bob);
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
            String messageId = alicePhone.send(bob, "cmVhZCBtZQ").messageId();
            bobPhone.awaitMessage(messageId);

            bobPhone.receipt(chatId, "read", List.of(messageId));

            // read implies delivered: one event; a later delivered receipt changes nothing
            ChatFrames.ReceiptEvent read = alicePhone.await(ChatFrames.ReceiptEvent.class, r -> true);
            assertThat(read.status()).isEqualTo("read");
            assertReceipt(read, chatId, messageId, bob);
            bobPhone.receipt(chatId, "delivered", List.of(messageId));
            String marker = alicePhone.send(bob, "bWFya2Vy").messageId();
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
            Acks.SendMessageAck ack = alicePhone.send(bob, "Zm9yIGV2ZXJ5IGRldmljZQ");
            String messageId = ack.messageId();

            for (ChatDevice device : List.of(bobPhone, bobTablet, aliceLaptop)) {
                ChatFrames.Message m = device.received(messageId);
                assertThat(m.from()).as(device.userId).isEqualTo(new ServerFrame.DeviceRef(alice, "phone"));
                assertThat(m.seq()).isEqualTo(ack.seq());
            }

            // a later message from bob is a marker: one FIFO group per chat, so alice's phone would have got
            // its own copy before bob's message if the fan-out had targeted it
            String marker = bobPhone.send(alice, "bWFya2Vy").messageId();
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
            ServerFrame.Error error = alicePhone.call(SendMessage.direct(clientMsgId, uniqueUser("nobody"), "aGk",
                    null), ServerFrame.Error.class);

            assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_RECIPIENT);
            assertThat(error.clientMsgId()).isEqualTo(clientMsgId);
            assertThat(error.message()).isNotBlank();

            String messageId = alicePhone.send(bob, "c3RpbGwgaGVyZQ").messageId();
            assertThat(bobPhone.received(messageId).body()).isEqualTo("c3RpbGwgaGVyZQ");
        }
    }

    private static void assertReceipt(ChatFrames.ReceiptEvent receipt, String chatId, String messageId, String by) {
        assertThat(receipt.chatId()).isEqualTo(chatId);
        assertThat(receipt.messageIds()).containsExactly(messageId);
        assertThat(receipt.by()).isEqualTo(by);
        assertThat(receipt.ts()).isPositive();
    }
}

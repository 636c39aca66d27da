package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.local.faults.PostFaults;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.messaging.MessageStore;
import dev.chatline.protocol.Acks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The send's own posts fail ({@link PostFaults}, {@value LiveDelivery#POST_ATTEMPTS} times, as behind a throttled
 * connection), so the messages go to the fan-out queue as retry jobs; fan-out fails the first time it sees each
 * ({@link FailFirstFanoutHandler}): the queue redelivers it and the message still arrives, in order. Delivery is at least once, so a device may see
 * a message twice, but only ever under the same messageId and seq.
 */
class RedeliveryE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withFunctions(FailFirstFanoutHandler.catalog());

    @Test
    void messageWhoseFanoutFailedOnceIsStillDeliveredInOrderWithoutNewSeqs() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String chatId = Frames.directChat(alice, bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            PostFaults.fail("Zmlyc3Q", LiveDelivery.POST_ATTEMPTS);
            PostFaults.fail("c2Vjb25k", LiveDelivery.POST_ATTEMPTS);
            Acks.SendMessageAck first = alicePhone.send(bob, "Zmlyc3Q");
            Acks.SendMessageAck second = alicePhone.send(bob, "c2Vjb25k");
            String firstId = first.messageId();
            String secondId = second.messageId();

            Duration redelivery = Duration.ofSeconds(30);
            JsonNode got = bobPhone.awaitFrame(f -> Frames.isType(f, "message"), redelivery);
            assertThat(got.path("messageId").asText()).as("FIFO order survives the failure").isEqualTo(firstId);
            assertThat(got.path("seq").asLong()).isEqualTo(first.seq());
            assertThat(got.path("body").asText()).isEqualTo("Zmlyc3Q");
            assertThat(bobPhone.awaitMessage(secondId).path("seq").asLong()).isEqualTo(second.seq());
            assertThat(FailFirstFanoutHandler.FAILED_ONCE).as("the failure was really injected")
                    .contains(firstId, secondId);

            // at least once: any further copy carries the same messageId and seq as the ack
            Map<String, Long> acked = Map.of(firstId, first.seq(), secondId, second.seq());
            for (JsonNode copy : bobPhone.pending("message")) {
                assertThat(acked).containsEntry(copy.path("messageId").asText(), copy.path("seq").asLong());
            }
        }
        try (Backend backend = new Backend(RUNTIME)) {
            List<Long> seqs = backend.messageItems(chatId).stream()
                    .map(i -> Long.parseLong(i.get(MessageStore.SEQ).n())).toList();
            assertThat(seqs).hasSize(2).doesNotHaveDuplicates();
            Set<String> ids = backend.messageItems(chatId).stream()
                    .map(i -> i.get(MessageStore.MESSAGE_ID).s()).collect(Collectors.toSet());
            assertThat(ids).hasSize(2);
        }
    }

    @Test
    void receiptAfterARedeliveredMessageStillReachesTheSender() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            PostFaults.fail("YWdhaW4", LiveDelivery.POST_ATTEMPTS);
            String messageId = alicePhone.send(bob, "YWdhaW4").messageId();
            bobPhone.awaitFrame(f -> Frames.isType(f, "message") && messageId.equals(f.path("messageId").asText()),
                    Duration.ofSeconds(30));

            bobPhone.receipt(Frames.directChat(alice, bob), "delivered", List.of(messageId));

            JsonNode receipt = alicePhone.awaitReceipt("delivered");
            assertThat(Frames.texts(receipt.path("messageIds"))).containsExactly(messageId);
            assertThat(FailFirstFanoutHandler.FAILED_ONCE).contains(messageId);
        }
    }
}

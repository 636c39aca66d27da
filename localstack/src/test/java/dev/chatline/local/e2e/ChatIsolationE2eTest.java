package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.aws.MessagingClients;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.faults.PostFaults;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Two chats in one fan-out batch, the job of one of them failing ({@link GatedFanoutHandler}): the other chat's
 * message is delivered once and its record deleted (never reported, so never posted again), and the failed one comes
 * back within seconds, not after the queue's visibility timeout (60 s here; the fan-out function makes its failed
 * records visible again itself). 1:1 messages are posted by the send itself; here every post of these three
 * messages fails {@value LiveDelivery#POST_ATTEMPTS} times ({@link PostFaults}), so each goes to the fan-out queue
 * as a retry job, as it would behind a throttled connection.
 */
class ChatIsolationE2eTest {
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(RuntimeOptions.defaults()
            .withStage("e2e").withPort(0).withQueueVisibilityTimeout(VISIBILITY_TIMEOUT)
            .withFunctions(GatedFanoutHandler.catalog())
            .withEvents(RuntimeOptions.defaults().events().withMaxConcurrency(1)));

    @Test
    void aFailingChatDelaysNeitherAnotherChatInItsBatchNorItselfForTheVisibilityTimeout() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        String dave = uniqueUser("dave");
        String failing = Frames.directChat(alice, bob);
        String healthy = Frames.directChat(alice, carol);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone");
             ChatDevice carolPhone = ChatDevice.connect(RUNTIME, carol, "phone");
             ChatDevice davePhone = ChatDevice.connect(RUNTIME, dave, "phone")) {
            GatedFanoutHandler.gateChat = Frames.directChat(alice, dave);
            GatedFanoutHandler.FAIL_ONCE.add(failing);
            for (String body : List.of("Z2F0ZQ", "Zm9yIGJvYg", "Zm9yIGNhcm9s")) {
                PostFaults.fail(body, LiveDelivery.POST_ATTEMPTS);
            }
            String gateId = alicePhone.send(dave, "Z2F0ZQ").messageId();
            assertThat(GatedFanoutHandler.GATE_ENTERED.await(30, TimeUnit.SECONDS)).as("gate batch running").isTrue();

            String toBob = alicePhone.send(bob, "Zm9yIGJvYg").messageId();
            String toCarol = alicePhone.send(carol, "Zm9yIGNhcm9s").messageId();
            GatedFanoutHandler.GATE_OPEN.countDown();
            davePhone.awaitMessage(gateId);

            assertThat(carolPhone.awaitMessage(toCarol).path("body").asText()).isEqualTo("Zm9yIGNhcm9s");
            assertThat(bobPhone.awaitFrame(f -> Frames.isType(f, "message")
                    && toBob.equals(f.path("messageId").asText()), VISIBILITY_TIMEOUT.dividedBy(2))
                    .path("body").asText()).as("redelivered well before the visibility timeout")
                    .isEqualTo("Zm9yIGJvYg");
            assertThat(GatedFanoutHandler.FAIL_ONCE).as("the failure was really injected").isEmpty();
            assertThat(PostFaults.pending()).as("every post fault fired").isZero();
            assertThat(GatedFanoutHandler.BATCHES).as("both chats were in one batch")
                    .anySatisfy(chats -> assertThat(chats).contains(failing, healthy));

            // finished work is deleted, not reported: nothing of either chat is left in flight on the queue
            await().atMost(Duration.ofSeconds(20)).until(() -> messagesOnQueue() == 0);
            assertThat(carolPhone.pending("message")).as("carol's message was posted once")
                    .noneMatch(f -> toCarol.equals(f.path("messageId").asText()));
        }
    }

    /** Visible plus in-flight messages on the fan-out queue. */
    private static int messagesOnQueue() {
        String url = RUNTIME.runtime().resources().queue(Resources.FANOUT).url();
        List<QueueAttributeName> counts = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        try (SqsClient sqs = MessagingClients.sqs(RUNTIME.awsClients())) {
            var attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(counts)).attributes();
            return counts.stream().mapToInt(a -> Integer.parseInt(attrs.get(a))).sum();
        }
    }
}

package dev.chatline.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.PushPublisher;
import dev.chatline.protocol.Json;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnsSubscriptionTest {
    private static final EventSourceSettings SETTINGS = EventSourceSettings.defaults()
            .withLongPollWait(Duration.ofSeconds(1))
            .withAsyncRetryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
    private SqsClient sqs;
    private SnsClient sns;
    private String topicArn;

    @BeforeAll
    void provision(MotoServer moto) {
        AwsClients clients = new AwsClients(ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT,
                moto.endpoint().toString(), ChatConfig.STAGE, "snstest")));
        sqs = MessagingClients.sqs(clients);
        sns = MessagingClients.sns(clients);
        topicArn = new ResourceProvisioner(clients).provision(new ResourceDefinitions(List.of(), List.of(),
                Resources.TOPICS, List.of())).topicArn(Resources.PUSH_REQUESTS);
    }

    @AfterAll
    void close() {
        sqs.close();
        sns.close();
    }

    @Test
    void publishedMessageArrivesAsSnsEventWithAttributes() {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        try (SnsSubscription sub = SnsSubscription.start("push", topicArn, (fn, event) -> {
            events.add(Json.read(event));
            return null;
        }, sqs, sns, SETTINGS)) {
            String messageId = sns.publish(b -> b.topicArn(topicArn).subject("wake").message("{\"userId\":\"u1\"}")
                    .messageAttributes(Map.of("platform", MessageAttributeValue.builder().dataType("String")
                            .stringValue("fcm").build()))).messageId();
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            JsonNode records = events.get(0).path("Records");
            assertThat(records).hasSize(1);
            JsonNode r = records.get(0);
            assertThat(r.path("EventSource").asText()).isEqualTo("aws:sns");
            assertThat(r.path("EventVersion").asText()).isEqualTo("1.0");
            assertThat(r.path("EventSubscriptionArn").asText()).isEqualTo(sub.subscriptionArn())
                    .startsWith(topicArn + ":");
            JsonNode s = r.path("Sns");
            assertThat(s.path("Type").asText()).isEqualTo("Notification");
            assertThat(s.path("MessageId").asText()).isEqualTo(messageId);
            assertThat(s.path("TopicArn").asText()).isEqualTo(topicArn);
            assertThat(s.path("Subject").asText()).isEqualTo("wake");
            assertThat(s.path("Message").asText()).isEqualTo("{\"userId\":\"u1\"}");
            assertThat(s.path("Timestamp").asText()).isNotBlank();
            assertThat(s.path("SignatureVersion").asText()).isNotBlank();
            assertThat(s.path("Signature").asText()).isNotBlank();
            assertThat(s.path("SigningCertUrl").asText()).startsWith("https://");
            assertThat(s.path("UnsubscribeUrl").asText()).contains(sub.subscriptionArn());
            assertThat(s.path("MessageAttributes").path("platform").path("Type").asText()).isEqualTo("String");
            assertThat(s.path("MessageAttributes").path("platform").path("Value").asText()).isEqualTo("fcm");
        }
    }

    @Test
    void batchPublishedPushRequestsArriveEachAsItsOwnEvent(MotoServer moto) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        ChatConfig config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                Resources.PUSH_REQUESTS.arnEnvVar(), topicArn));
        List<PushPublisher.PushRequest> requests = java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> new PushPublisher.PushRequest("message", "u" + i, "phone", "d:a:u" + i, "m" + i, i, i))
                .toList();
        try (SnsSubscription sub = SnsSubscription.start("pushbatch", topicArn, (fn, event) -> {
            events.add(Json.read(event));
            return null;
        }, sqs, sns, SETTINGS)) {
            new PushPublisher(sns, config).publishAll(requests);

            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= requests.size());
            assertThat(events).allSatisfy(e -> assertThat(e.path("Records")).hasSize(1));
            assertThat(events.stream().map(e -> Json.read(e.path("Records").get(0).path("Sns").path("Message")
                    .asText(), PushPublisher.PushRequest.class))).containsExactlyInAnyOrderElementsOf(requests);
        }
    }

    @Test
    void failedAsyncInvocationIsRetriedTwice() {
        AtomicInteger calls = new AtomicInteger();
        try (SnsSubscription sub = SnsSubscription.start("pushfail", topicArn, (fn, event) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        }, sqs, sns, SETTINGS)) {
            sns.publish(b -> b.topicArn(topicArn).message("x"));
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 3);
        }
    }
}

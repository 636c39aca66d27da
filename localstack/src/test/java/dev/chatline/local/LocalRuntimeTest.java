package dev.chatline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.aws.MessagingClients;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** The whole runtime on moto: WebSocket → route → SQS FIFO → event source mapping → @connections, and SNS. */
class LocalRuntimeTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withFunctions(RuntimeTestHandlers.catalog());

    @Test
    void routeEnqueuesAndTheQueueConsumerPostsBackToTheConnection() throws Exception {
        try (WsTestClient alice = RUNTIME.connect("alice")) {
            alice.send("{\"action\":\"enqueue\",\"text\":\"hi\"}");
            assertThat(alice.awaitContaining("\"queued\"", Duration.ofSeconds(10))).contains("hi");
            assertThat(alice.awaitContaining("\"delivered\"", Duration.ofSeconds(15))).contains("hi");
        }
    }

    @Test
    void publishedPushRequestReachesTheTopicSubscriber() {
        String topicArn = RUNTIME.runtime().resources().topicArn(Resources.PUSH_REQUESTS);
        try (var sns = MessagingClients.sns(RUNTIME.awsClients())) {
            sns.publish(b -> b.topicArn(topicArn).message("{\"userId\":\"bob\"}").messageAttributes(Map.of(
                    "kind", MessageAttributeValue.builder().dataType("String").stringValue("message").build())));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> RuntimeTestHandlers.PUSHES.stream()
                .anyMatch(p -> p.getMessage().contains("bob")
                        && "message".equals(p.getMessageAttributes().get("kind").getValue())));
    }

    @Test
    void configurationIsExportedForTheFunctions() {
        LocalRuntime runtime = RUNTIME.runtime();
        assertThat(System.getProperty("CHATLINE_STAGE")).isEqualTo("e2e");
        assertThat(System.getProperty("CHATLINE_FANOUT_QUEUE_URL"))
                .isEqualTo(runtime.resources().queue(Resources.FANOUT).url());
        assertThat(System.getProperty("CHATLINE_CONNECTIONS_ENDPOINT"))
                .isEqualTo(RUNTIME.connectionsEndpoint().toString());
        assertThat(runtime.describe()).anyMatch(l -> l.contains("enqueue")).anyMatch(l -> l.contains("postBack"))
                .anyMatch(l -> l.contains("push"));
    }

    @Test
    void aSingleDeploymentHasOneUnnamedCellAndDiscoveryKnowsNoCell() throws Exception {
        LocalRuntime runtime = RUNTIME.runtime();
        assertThat(runtime.cells()).hasSize(1).allSatisfy(cell -> {
            assertThat(cell.name()).isEmpty();
            assertThat(cell.stage()).isEqualTo("e2e");
        });
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(runtime.cells().get(0).httpRoot().resolve("/cells/a")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }
}

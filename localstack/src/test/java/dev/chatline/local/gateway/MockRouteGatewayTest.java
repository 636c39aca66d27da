package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code heartbeat} mock route through the gateway: answered from its template, no function invoked. */
class MockRouteGatewayTest {
    private static final String HEARTBEAT = "{\"action\":\"heartbeat\",\"requestId\":\"hb-1\"}";

    @Test
    void heartbeatIsAnsweredWithTheRequestTimeAndNoFunctionRuns() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start()) {
            TestSocket client = fixture.connect("alice");
            long invocationsAfterConnect = fixture.host.invocationCount();
            long before = System.currentTimeMillis();

            client.send(HEARTBEAT);
            JsonNode ack = GatewayJson.MAPPER.readTree(client.next());

            assertThat(ack.fieldNames()).toIterable().containsExactly("type", "action", "serverTs");
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            assertThat(ack.path("action").asText()).isEqualTo("heartbeat");
            assertThat(ack.path("serverTs").asLong()).isBetween(before, System.currentTimeMillis());
            assertThat(fixture.host.invocationCount()).isEqualTo(invocationsAfterConnect);
        }
    }

    @Test
    void heartbeatsKeepTheConnectionFromIdlingLikeAnyOtherFrame() {
        GatewayLimits idle = GatewayLimits.aws().withIdleTimeout(Duration.ofMillis(600));
        try (GatewayFixture fixture = GatewayFixture.start(true, idle)) {
            TestSocket client = fixture.connect("alice");
            long start = System.nanoTime();

            await().pollInterval(Duration.ofMillis(150)).atMost(Duration.ofSeconds(5)).until(() -> {
                client.send(HEARTBEAT);
                client.next();
                return System.nanoTime() - start > Duration.ofMillis(1500).toNanos();
            });

            assertThat(client.closed).isNotDone();
        }
    }
}

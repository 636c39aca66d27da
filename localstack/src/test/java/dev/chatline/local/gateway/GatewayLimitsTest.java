package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayLimitsTest {
    private static final GatewayLimits SMALL = GatewayLimits.aws().withSizes(1024, 4096);

    @Test
    void frameOverTheFrameLimitClosesWith1009() {
        try (GatewayFixture fixture = GatewayFixture.start(true, SMALL)) {
            TestSocket client = fixture.connect("alice");

            client.socket.sendText("x".repeat(2000), true);

            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void messageOverTheMessageLimitClosesWith1009EvenInSmallFrames() {
        try (GatewayFixture fixture = GatewayFixture.start(true, SMALL)) {
            TestSocket client = fixture.connect("alice");

            for (int i = 0; i < 5; i++) {
                client.socket.sendText("x".repeat(1000), false).join();
            }
            client.socket.sendText("x".repeat(1000), true);

            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void messageWithinTheLimitsIsDelivered() {
        try (GatewayFixture fixture = GatewayFixture.start(true, SMALL)) {
            TestSocket client = fixture.connect("alice");

            client.socket.sendText("{\"action\":\"echo\",\"p\":\"", false).join();
            client.socket.sendText("y".repeat(1000), false).join();
            client.socket.sendText("\"}", true).join();

            assertThat(client.next()).startsWith("echo|").contains("y".repeat(1000));
        }
    }

    @Test
    void idleConnectionIsClosedGoingAwayAndDisconnectIsInvoked() {
        GatewayLimits idle = GatewayLimits.aws().withIdleTimeout(Duration.ofMillis(700));
        try (GatewayFixture fixture = GatewayFixture.start(true, idle)) {
            TestSocket client = fixture.connect("alice");
            String connectionId = client.connectionId();

            TestSocket.Close close = client.awaitClose();

            assertThat(close).isEqualTo(new TestSocket.Close(1001, "Going away"));
            await().until(() -> TestHandlers.recorded("$disconnect", connectionId).isPresent());
            JsonNode ctx = TestHandlers.recorded("$disconnect", connectionId).orElseThrow().path("requestContext");
            assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1001);
            assertThat(ctx.path("disconnectReason").asText()).isEqualTo("Going away");
        }
    }

    @Test
    void trafficKeepsTheConnectionFromIdling() {
        GatewayLimits idle = GatewayLimits.aws().withIdleTimeout(Duration.ofMillis(600));
        try (GatewayFixture fixture = GatewayFixture.start(true, idle)) {
            TestSocket client = fixture.connect("alice");
            long start = System.nanoTime();

            await().pollInterval(Duration.ofMillis(150)).atMost(Duration.ofSeconds(5))
                    .until(() -> {
                        client.send("{\"action\":\"echo\"}");
                        client.next();
                        return System.nanoTime() - start > Duration.ofMillis(1500).toNanos();
                    });

            assertThat(client.closed).isNotDone();
        }
    }

    @Test
    void connectionIsClosedAtTheMaximumDurationEvenWhenBusy() {
        GatewayLimits max = GatewayLimits.aws().withMaxConnectionDuration(Duration.ofMillis(800));
        try (GatewayFixture fixture = GatewayFixture.start(true, max)) {
            TestSocket client = fixture.connect("alice");

            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> {
                if (!client.closed.isDone()) {
                    client.socket.sendText("{\"action\":\"oneway\"}", true);
                }
                return client.closed.isDone();
            });

            assertThat(client.closed.join()).isEqualTo(new TestSocket.Close(1001, "Going away"));
        }
    }

    @Test
    void disconnectCarriesTheClientCloseCodeAndReason() {
        try (GatewayFixture fixture = GatewayFixture.start()) {
            TestSocket client = fixture.connect("alice");
            String connectionId = client.connectionId();

            client.socket.sendClose(4000, "logging out").join();
            await().until(() -> TestHandlers.recorded("$disconnect", connectionId).isPresent());

            JsonNode event = TestHandlers.recorded("$disconnect", connectionId).orElseThrow();
            JsonNode ctx = event.path("requestContext");
            assertThat(ctx.path("eventType").asText()).isEqualTo("DISCONNECT");
            assertThat(ctx.path("routeKey").asText()).isEqualTo("$disconnect");
            assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(4000);
            assertThat(ctx.path("disconnectReason").asText()).isEqualTo("logging out");
            assertThat(event.path("headers").path("x-api-key").asText()).isEmpty();
            assertThat(event.path("headers").path("Host").asText()).isEqualTo("127.0.0.1:" + fixture.gateway.port());
        }
    }

    @Test
    void droppedConnectionIsReportedAs1006() {
        try (GatewayFixture fixture = GatewayFixture.start()) {
            TestSocket client = fixture.connect("alice");
            String connectionId = client.connectionId();

            client.socket.abort();
            await().until(() -> TestHandlers.recorded("$disconnect", connectionId).isPresent());

            JsonNode ctx = TestHandlers.recorded("$disconnect", connectionId).orElseThrow().path("requestContext");
            assertThat(ctx.path("disconnectStatusCode").asInt()).isEqualTo(1006);
        }
    }

    @Test
    void listenersSeeConnectAndDisconnect() {
        try (GatewayFixture fixture = GatewayFixture.start()) {
            java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            fixture.gateway.addListener(new GatewayListener() {
                @Override
                public void onConnect(ConnectionInfo connection) {
                    seen.add("connect " + connection.authorizer().get("userId"));
                }

                @Override
                public void onDisconnect(ConnectionInfo connection, int statusCode, String reason) {
                    seen.add("disconnect " + statusCode);
                }
            });
            TestSocket client = fixture.connect("gina");
            client.socket.sendClose(1000, "").join();

            await().until(() -> seen.size() == 2);
            assertThat(seen).containsExactly("connect gina", "disconnect 1000");
        }
    }
}

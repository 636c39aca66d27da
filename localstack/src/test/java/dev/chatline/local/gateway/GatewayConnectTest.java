package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayConnectTest {
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void authorizerDenyRefusesTheHandshakeWith403() {
        assertThat(TestSocket.refusedStatus(fixture.url("token=deny"))).isEqualTo(403);
    }

    @Test
    void authorizerFailingWithUnauthorizedRefusesWith401() {
        assertThat(TestSocket.refusedStatus(fixture.url("token=unauthorized"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(fixture.url(""))).isEqualTo(401);
    }

    @Test
    void authorizerCrashingRefusesWith500() {
        assertThat(TestSocket.refusedStatus(fixture.url("token=crash"))).isEqualTo(500);
    }

    @Test
    void authorizerContextReachesConnectMessageAndDisconnectEvents() {
        TestSocket client = fixture.connect("bob");
        String connectionId = client.connectionId();
        JsonNode message = client.inspect().path("requestContext").path("authorizer");

        client.socket.sendClose(1000, "bye").join();
        await().until(() -> TestHandlers.recorded("$disconnect", connectionId).isPresent());

        JsonNode connect = TestHandlers.recorded("$connect", connectionId).orElseThrow();
        JsonNode disconnect = TestHandlers.recorded("$disconnect", connectionId).orElseThrow();
        for (JsonNode authorizer : new JsonNode[] {connect.path("requestContext").path("authorizer"), message,
                disconnect.path("requestContext").path("authorizer")}) {
            assertThat(authorizer.path("principalId").asText()).isEqualTo("bob");
            assertThat(authorizer.path("userId").asText()).isEqualTo("bob");
            assertThat(authorizer.path("deviceId").asText()).isEqualTo("d1");
            assertThat(authorizer.path("level").asText()).isEqualTo("3");
        }
    }

    @Test
    void connectEventCarriesHandshakeHeadersAndQuery() {
        TestSocket client = TestSocket.connect(fixture.url("token=allow-carol&tag=a&tag=b"));
        String connectionId = client.connectionId();

        JsonNode event = TestHandlers.recorded("$connect", connectionId).orElseThrow();

        JsonNode ctx = event.path("requestContext");
        assertThat(ctx.path("routeKey").asText()).isEqualTo("$connect");
        assertThat(ctx.path("eventType").asText()).isEqualTo("CONNECT");
        assertThat(ctx.path("connectedAt").asLong()).isPositive();
        assertThat(ctx.path("domainName").asText()).isEqualTo("127.0.0.1:" + fixture.gateway.port());
        assertThat(ctx.has("messageId")).isFalse();
        assertThat(event.path("headers").path("Sec-WebSocket-Key").asText()).isNotEmpty();
        assertThat(event.path("headers").path("Sec-WebSocket-Version").asText()).isEqualTo("13");
        assertThat(event.path("headers").path("X-Forwarded-For").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("headers").path("X-Forwarded-Port").asText())
                .isEqualTo(String.valueOf(fixture.gateway.port()));
        assertThat(event.path("headers").path("X-Forwarded-Proto").asText()).isEqualTo("http");
        assertThat(event.path("headers").has("Upgrade")).isFalse();
        assertThat(event.path("multiValueHeaders").path("Host").get(0).asText())
                .isEqualTo("127.0.0.1:" + fixture.gateway.port());
        assertThat(event.path("queryStringParameters").path("tag").asText()).isEqualTo("b");
        assertThat(event.path("multiValueQueryStringParameters").path("tag")).hasSize(2);
    }

    @Test
    void authorizerReceivesTheRequestEventWithTheConnectMethodArn() {
        AtomicReference<String> seen = new AtomicReference<>();
        Invoker spy = (function, event) -> {
            if (function.equals("authorizer")) {
                seen.set(event);
            }
            return fixture.host.invoke(function, event);
        };
        GatewaySettings settings = GatewaySettings.defaults("dev");
        try (WebSocketGateway gateway = new WebSocketGateway(settings, TestHandlers.catalog(true), spy).start()) {
            TestSocket.connect(URI.create(gateway.websocketUrl() + "?token=allow-dave"));

            JsonNode event = TestHandlers.JSON.readTree(seen.get());
            assertThat(event.path("type").asText()).isEqualTo("REQUEST");
            assertThat(event.path("methodArn").asText())
                    .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:" + settings.apiId() + "/dev/$connect");
            assertThat(event.path("headers").path("Upgrade").asText()).isEqualToIgnoringCase("websocket");
            assertThat(event.path("queryStringParameters").path("token").asText()).isEqualTo("allow-dave");
            assertThat(event.path("stageVariables").isObject()).isTrue();
            assertThat(event.path("requestContext").path("eventType").asText()).isEqualTo("CONNECT");
            assertThat(event.path("requestContext").has("authorizer")).isFalse();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectRouteNon2xxRefusesWithThatStatus() {
        assertThat(TestSocket.refusedStatus(fixture.url("token=allow-eve&connectStatus=418"))).isEqualTo(418);
        assertThat(TestSocket.refusedStatus(fixture.url("token=allow-eve&connectStatus=301"))).isEqualTo(301);
    }

    @Test
    void connectRouteFailureRefusesWith502() {
        assertThat(TestSocket.refusedStatus(fixture.url("token=allow-eve&connectStatus=throw"))).isEqualTo(502);
    }

    @Test
    void subprotocolReturnedByConnectIsSelected() {
        TestSocket client = TestSocket.connect(fixture.url("token=allow-frank"), "chatline.v1", "other");

        assertThat(client.socket.getSubprotocol()).isEqualTo("chatline.v1");
    }

    @Test
    void onlyTheStagePathExists() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + fixture.gateway.port());

        HttpResponse<String> other = http.send(HttpRequest.newBuilder(base.resolve("/other")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stage = http.send(HttpRequest.newBuilder(base.resolve("/test")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(stage.statusCode()).isEqualTo(426);
        assertThat(TestSocket.refusedStatus(URI.create("ws://127.0.0.1:" + fixture.gateway.port() + "/prod")))
                .isEqualTo(403);
    }

    @Test
    void extraHttpRoutesAreServedOnTheSamePort() throws Exception {
        fixture.gateway.addHttpRoute("/_local/", (request, response, callback) -> {
            response.setStatus(200);
            response.write(true, java.nio.ByteBuffer.wrap("pong".getBytes()), callback);
            return true;
        });

        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fixture.gateway.port() + "/_local/ping")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(reply.body()).isEqualTo("pong");
    }
}

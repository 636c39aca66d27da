package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayRoutingTest {
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
    void actionSelectsTheRouteAndTheRouteResponseBodyComesBack() {
        TestSocket client = fixture.connect("alice");

        client.send("{\"action\":\"echo\",\"text\":\"hi\"}");

        assertThat(client.next()).isEqualTo("echo|{\"action\":\"echo\",\"text\":\"hi\"}|alice");
    }

    @Test
    void unknownActionAndNonJsonBodiesGoToDefault() {
        TestSocket client = fixture.connect("alice");

        client.send("{\"action\":\"nope\"}");
        client.send("plain text");
        client.send("{\"action\":42}");

        assertThat(client.next()).isEqualTo("$default|{\"action\":\"nope\"}|alice");
        assertThat(client.next()).isEqualTo("$default|plain text|alice");
        assertThat(client.next()).isEqualTo("$default|{\"action\":42}|alice");
    }

    @Test
    void routeWithoutRouteResponseSendsNothingBack() {
        TestSocket client = fixture.connect("alice");

        client.send("{\"action\":\"oneway\"}");
        client.send("{\"action\":\"echo\"}");

        assertThat(client.next()).startsWith("echo|");
    }

    @Test
    void failingFunctionAnswersInternalServerErrorAndTheConnectionStaysOpen() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();

        client.send("{\"action\":\"fail\"}");
        String error = client.next();
        client.send("{\"action\":\"echo\"}");

        assertThat(error).matches("\\{\"message\": \"Internal server error\", \"connectionId\":\""
                + connectionId + "\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
        assertThat(client.next()).startsWith("echo|");
    }

    @Test
    void messagesAreHandledInArrivalOrder() {
        TestSocket client = fixture.connect("alice");

        for (int i = 0; i < 20; i++) {
            client.send("{\"action\":\"echo\",\"n\":" + i + "}");
        }

        for (int i = 0; i < 20; i++) {
            assertThat(client.next()).contains("\"n\":" + i + "}");
        }
    }

    @Test
    void messageEventHasTheFieldsApiGatewaySends() {
        TestSocket client = fixture.connect("alice");

        JsonNode event = client.inspect();

        JsonNode ctx = event.path("requestContext");
        assertThat(ctx.path("routeKey").asText()).isEqualTo("inspect");
        assertThat(ctx.path("eventType").asText()).isEqualTo("MESSAGE");
        assertThat(ctx.path("messageDirection").asText()).isEqualTo("IN");
        assertThat(ctx.path("messageId").asText()).matches("[A-Za-z0-9_-]{15}=");
        assertThat(ctx.path("connectionId").asText()).matches("[A-Za-z0-9_-]{15}=");
        assertThat(ctx.path("requestId").asText()).matches("[A-Za-z0-9_-]{15}=")
                .isEqualTo(ctx.path("extendedRequestId").asText());
        assertThat(ctx.path("domainName").asText()).isEqualTo("127.0.0.1:" + fixture.gateway.port());
        assertThat(ctx.path("stage").asText()).isEqualTo(GatewayFixture.STAGE);
        assertThat(ctx.path("apiId").asText()).isEqualTo(fixture.gateway.settings().apiId()).matches("[a-z0-9]{10}");
        assertThat(ctx.path("requestTime").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(ctx.path("requestTimeEpoch").asLong()).isGreaterThanOrEqualTo(ctx.path("connectedAt").asLong());
        assertThat(ctx.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(ctx.path("authorizer").path("userId").asText()).isEqualTo("alice");
        assertThat(event.path("body").asText()).isEqualTo("{\"action\":\"inspect\"}");
        assertThat(event.path("isBase64Encoded").isBoolean()).isTrue();
        assertThat(event.has("headers")).isFalse();
    }

    @Test
    void eachMessageGetsItsOwnRequestIdAndMessageId() {
        TestSocket client = fixture.connect("alice");

        JsonNode first = client.inspect().path("requestContext");
        JsonNode second = client.inspect().path("requestContext");

        assertThat(first.path("requestId").asText()).isNotEqualTo(second.path("requestId").asText());
        assertThat(first.path("messageId").asText()).isNotEqualTo(second.path("messageId").asText());
        assertThat(first.path("connectedAt").asLong()).isEqualTo(second.path("connectedAt").asLong());
    }

    @Test
    void binaryFrameClosesTheConnectionWith1003() {
        TestSocket client = fixture.connect("alice");

        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();

        assertThat(client.awaitClose().code()).isEqualTo(1003);
    }

    @Test
    void withoutDefaultRouteAnUnmatchedMessageIsAnsweredForbidden() {
        try (GatewayFixture noDefault = GatewayFixture.start(false, GatewayLimits.aws())) {
            TestSocket client = noDefault.connect("alice");
            String connectionId = client.connectionId();

            client.send("not json");

            assertThat(client.next()).matches("\\{\"message\": \"Forbidden\", \"connectionId\":\"" + connectionId
                    + "\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
        }
    }
}

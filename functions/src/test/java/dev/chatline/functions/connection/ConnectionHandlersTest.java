package dev.chatline.functions.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Json;
import dev.chatline.ratelimit.RouteLimits;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.chatline.cells.CellAdmission;
import dev.chatline.cells.CellConfig;
import org.junit.jupiter.api.extension.ExtendWith;

/** $connect, $disconnect and $default with events from JSON samples, on moto. */
@ExtendWith(MotoExtension.class)
class ConnectionHandlersTest {
    /** These tests run a single-cell deployment: every connect is admitted, no directory is read. */
    private static final CellAdmission SINGLE_CELL = new CellAdmission(CellConfig.SINGLE, null, null, null);
    private static PresenceFixture f;
    private static ConnectHandler connect;
    private static DisconnectHandler disconnect;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "conn-handlers");
        connect = new ConnectHandler(f.lifecycle, SINGLE_CELL, f.routeLimits, Metrics.NOOP, f.clock);
        disconnect = new DisconnectHandler(f.lifecycle);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void connectWritesConnectionAndDeviceAndSelectsTheOfferedSubprotocol() {
        APIGatewayV2WebSocketResponse response = connect.handleRequest(WsEvents.connect("c1=", f.clock.millis(),
                Map.of("Sec-WebSocket-Protocol", "chatline.v1, eyJ.eyJ.sig")), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsExactly(Map.entry("Sec-WebSocket-Protocol", "chatline.v1"));
        assertThat(f.connections.get("c1=")).map(ConnectionRecord::userId).contains("alice");
        assertThat(f.devices.deviceIds("alice")).containsExactly("phone");
        assertThat(f.presence.current("alice").online()).isTrue();
    }

    @Test
    void connectWithoutSubprotocolAnswersNoSubprotocolHeader() {
        APIGatewayV2WebSocketResponse response = connect.handleRequest(
                WsEvents.connect("c2=", f.clock.millis(), Map.of()), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).isNullOrEmpty();
    }

    @Test
    void connectionRowLivesUntilTwoHoursAfterApiGatewaysConnectedAtWithoutFurtherWrites() {
        long connectedAt = f.clock.millis() - 800; // the event's connectedAt precedes the handler's clock
        connect.handleRequest(WsEvents.connect("c3=", connectedAt, Map.of()), null);

        f.clock.advance(Duration.ofHours(2)); // API Gateway's maximum connection duration
        assertThat(f.connections.get("c3=")).map(ConnectionRecord::connectedAt).contains(connectedAt);
        f.clock.advance(PresenceFixture.TTL.minus(Duration.ofHours(2)).plusSeconds(1));

        assertThat(f.connections.get("c3=")).isEmpty();
    }

    @Test
    void connectingTooOftenIsRefusedWith429BeforeAnythingIsWritten() {
        // its own window length, so the permits other tests took (same user, default window) do not count
        ConnectHandler limited = new ConnectHandler(f.lifecycle, SINGLE_CELL, new RouteLimits(f.rateLimiter, ChatConfig.of(Map.of(
                RouteLimits.Bucket.CONNECT.permitsKey(), "2", RouteLimits.Bucket.CONNECT.windowKey(), "7"))), Metrics.NOOP, f.clock);
        limited.handleRequest(WsEvents.connect("c6=", f.clock.millis(), Map.of()), null);
        limited.handleRequest(WsEvents.connect("c7=", f.clock.millis(), Map.of()), null);

        APIGatewayV2WebSocketResponse refused = limited.handleRequest(
                WsEvents.connect("c8=", f.clock.millis(), Map.of("Sec-WebSocket-Protocol", "chatline.v1")), null);

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(f.connections.get("c8=")).isEmpty();
        assertThat(f.connections.get("c7=")).isPresent();
    }

    @Test
    void disconnectDeletesTheConnectionRow() {
        connect.handleRequest(WsEvents.connect("c4=", f.clock.millis(), Map.of()), null);

        APIGatewayV2WebSocketResponse response = disconnect.handleRequest(
                WsEvents.message("c4=", f.clock.millis(), "$disconnect", null), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(f.connections.get("c4=")).isEmpty();
    }

    @Test
    void defaultRouteAnswersUnknownActionMissingActionOrInvalidJsonEchoingTheRequestId() {
        DefaultRouteHandler handler = new DefaultRouteHandler();

        assertThat(errorOf(handler, "{\"action\":\"fly\",\"requestId\":\"r1\"}"))
                .isEqualTo(Map.of("code", "UNKNOWN_ACTION", "requestId", "r1"));
        assertThat(errorOf(handler, "{\"requestId\":\"r2\"}"))
                .isEqualTo(Map.of("code", "MISSING_FIELD", "requestId", "r2"));
        assertThat(errorOf(handler, "{\"action\":7,\"requestId\":\"r3\"}"))
                .isEqualTo(Map.of("code", "INVALID_FIELD", "requestId", "r3"));
        assertThat(errorOf(handler, "[1,2]")).isEqualTo(Map.of("code", "INVALID_JSON"));
    }

    private static Map<String, String> errorOf(DefaultRouteHandler handler, String body) {
        JsonNode frame = Json.read(handler.handleRequest(
                WsEvents.message("c5=", f.clock.millis(), "$default", body), null).getBody());
        assertThat(frame.get("type").asText()).isEqualTo("error");
        return frame.has("requestId")
                ? Map.of("code", frame.get("code").asText(), "requestId", frame.get("requestId").asText())
                : Map.of("code", frame.get("code").asText());
    }
}

package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.TIMEOUT;
import static dev.chatline.local.e2e.WireFrames.awaitReply;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static dev.chatline.local.e2e.Frames.parse;
import static dev.chatline.local.e2e.WireFrames.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.RawWebSocket;
import dev.chatline.local.testing.WsTestClient;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Size limits as a client meets them: the 64 KB body limit (only reachable in several frames, because API
 * Gateway's frame quota is 32 KB), and API Gateway closing the connection with 1009 for a frame over 32 KB or a
 * message over 128 KB, and with 1003 for a binary frame.
 */
class FrameLimitsE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    /** Frames a well-behaved client sends: below the 32 KB frame quota. */
    private static final int CLIENT_FRAME_CHARS = 30_000;
    private static final int MAX_BODY = 64 * 1024;
    private static WsTestClient bob;
    private static ConnectionRows rows;

    @BeforeAll
    static void registerRecipient() {
        bob = RUNTIME.connectAs("bob", "phone");
        rows = new ConnectionRows(RUNTIME);
    }

    @AfterAll
    static void closeAll() {
        bob.close();
        rows.close();
    }

    @Test
    void bodyOfExactly64KbSentInSeveralFramesIsAcceptedAndDelivered() throws Exception {
        String body = "a".repeat(MAX_BODY);
        try (WsTestClient alice = RUNTIME.connectAs("alice", "phone")) {
            alice.sendInFrames(sendMessage("big-ok", UUID.randomUUID().toString(), body), CLIENT_FRAME_CHARS);

            JsonNode ack = awaitReply(alice, "big-ok");
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            JsonNode message = parse(bob.await(ofType("message"), TIMEOUT));
            assertThat(message.path("messageId").asText()).isEqualTo(ack.path("messageId").asText());
            assertThat(message.path("body").asText()).isEqualTo(body);
        }
    }

    @Test
    void bodyOneByteOver64KbIsBodyTooLargeAndTheConnectionStaysUsable() throws Exception {
        String clientMsgId = UUID.randomUUID().toString();
        try (WsTestClient alice = RUNTIME.connectAs("alice", "tablet")) {
            alice.sendInFrames(sendMessage("big-1", clientMsgId, "a".repeat(MAX_BODY + 1)), CLIENT_FRAME_CHARS);

            assertBodyTooLarge(awaitReply(alice, "big-1"), clientMsgId);
            heartbeat(alice);
        }
    }

    @Test
    void controlCharactersCountAsTheirSixByteJsonEscape() throws Exception {
        String clientMsgId = UUID.randomUUID().toString();
        String escapedBody = "\\u0001".repeat(MAX_BODY / 6 + 1); // 10,923 characters, 65,538 bytes escaped
        try (WsTestClient alice = RUNTIME.connectAs("alice", "laptop")) {
            alice.sendInFrames(sendMessage("ctl-1", clientMsgId, escapedBody), CLIENT_FRAME_CHARS);

            assertBodyTooLarge(awaitReply(alice, "ctl-1"), clientMsgId);
            heartbeat(alice);
        }
    }

    @Test
    void singleFrameOver32KbClosesTheConnectionWith1009() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(RUNTIME.websocketUrl(),
                RUNTIME.token("frame-too-big", "phone"), TIMEOUT)) {
            String connectionId = rows.onlyRowOf("frame-too-big").connectionId();

            client.sendSingleTextFrame(padded("pad-big", 32 * 1024 + 1));

            assertThat(client.awaitCloseCode()).isEqualTo(1009);
            awaitRowDeleted(connectionId);
        }
    }

    @Test
    void singleFrameOfExactly32KbIsAccepted() throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(RUNTIME.websocketUrl(),
                RUNTIME.token("frame-at-limit", "phone"), TIMEOUT)) {
            client.sendSingleTextFrame(padded("pad-limit", 32 * 1024));

            assertThat(client.awaitTextMessage()).contains("\"type\":\"ack\"", "\"action\":\"heartbeat\"");
        }
    }

    @Test
    void messageOver128KbInSmallFramesClosesTheConnectionWith1009() {
        WsTestClient client = RUNTIME.connectAs("message-too-big", "phone");
        String connectionId = rows.onlyRowOf("message-too-big").connectionId();

        // the server may close while the client is still sending the remaining frames
        catchThrowable(() -> client.sendInFrames(padded("pad-huge", 130 * 1024), CLIENT_FRAME_CHARS));

        assertThat(client.awaitCloseCode(TIMEOUT)).isEqualTo(1009);
        awaitRowDeleted(connectionId);
    }

    @Test
    void binaryFrameClosesTheConnectionWith1003() {
        WsTestClient client = RUNTIME.connectAs("binary-sender", "phone");
        String connectionId = rows.onlyRowOf("binary-sender").connectionId();

        client.sendBinary("{\"action\":\"heartbeat\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(client.awaitCloseCode(TIMEOUT)).isEqualTo(1003);
        awaitRowDeleted(connectionId);
    }

    private static void assertBodyTooLarge(JsonNode error, String clientMsgId) {
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("BODY_TOO_LARGE");
        assertThat(error.path("clientMsgId").asText()).isEqualTo(clientMsgId);
    }

    private static void awaitRowDeleted(String connectionId) {
        await().atMost(TIMEOUT).until(() -> rows.get(connectionId).isEmpty());
    }

    /** {@code sendMessage} to bob; {@code jsonBody} is inserted as is (already JSON-escaped). */
    private static String sendMessage(String requestId, String clientMsgId, String jsonBody) {
        return "{\"action\":\"sendMessage\",\"requestId\":\"" + requestId + "\",\"clientMsgId\":\"" + clientMsgId
                + "\",\"to\":\"bob\",\"body\":\"" + jsonBody + "\"}";
    }

    /** A heartbeat frame padded with an ignored field to exactly {@code chars} characters. */
    private static String padded(String requestId, int chars) {
        String head = "{\"action\":\"heartbeat\",\"requestId\":\"" + requestId + "\",\"pad\":\"";
        return head + "x".repeat(chars - head.length() - 2) + "\"}";
    }
}

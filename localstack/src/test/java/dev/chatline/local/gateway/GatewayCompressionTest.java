package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code permessage-deflate} as API Gateway negotiates it, with a client that offers it the way a Node {@code ws}
 * client does: accepted, and the quotas apply to compressed messages as sent (32 KB frames on the wire) and as
 * received (128 KB messages once inflated).
 */
class GatewayCompressionTest {
    private static final String NODE_WS_OFFER = "permessage-deflate; client_max_window_bits";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** What a client keeps its frames under: API Gateway's 32 KB frame quota. */
    private static final int CLIENT_FRAME_BYTES = 30_000;
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
    void aClientOfferingPermessageDeflateGetsItAndNothingElse() throws IOException {
        try (RawWebSocket client = connect(NODE_WS_OFFER)) {
            assertThat(client.handshakeHeader("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
        }
        try (RawWebSocket client = connect(null)) {
            assertThat(client.handshakeHeader("Sec-WebSocket-Extensions")).isNull();
        }
    }

    @Test
    void aCompressedMessageSentInFramesWithinTheQuotaIsDelivered() throws IOException {
        String payload = randomLetters(100_000); // ~60 KB compressed: frames that inflate past 32 KB each
        try (RawWebSocket client = connect(NODE_WS_OFFER)) {
            int frames = client.sendCompressed("{\"action\":\"echo\",\"p\":\"" + payload + "\"}", CLIENT_FRAME_BYTES);

            assertThat(frames).isGreaterThan(1);
            assertThat(client.awaitTextMessage()).startsWith("echo|").contains(payload);
        }
    }

    @Test
    void aCompressedFrameOverTheQuotaOnTheWireClosesWith1009() throws IOException {
        try (RawWebSocket client = connect(NODE_WS_OFFER)) {
            client.sendCompressed("{\"action\":\"echo\",\"p\":\"" + randomLetters(100_000) + "\"}", 40_000);

            assertThat(client.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void aCompressedMessageInflatingPastTheMessageQuotaClosesWith1009() throws IOException {
        try (RawWebSocket client = connect(NODE_WS_OFFER)) {
            int frames = client.sendCompressed("{\"action\":\"echo\",\"p\":\"" + "a".repeat(200_000) + "\"}",
                    CLIENT_FRAME_BYTES);

            assertThat(frames).isEqualTo(1);
            assertThat(client.awaitCloseCode()).isEqualTo(1009);
        }
    }

    private static RawWebSocket connect(String extensions) throws IOException {
        return RawWebSocket.connect(fixture.gateway.websocketUrl(), "allow-alice", TIMEOUT, extensions);
    }

    private static String randomLetters(int length) {
        Random random = new Random(7);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}

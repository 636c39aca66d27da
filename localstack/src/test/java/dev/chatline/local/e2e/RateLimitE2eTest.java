package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static dev.chatline.local.e2e.WireFrames.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.messaging.MessagingSettings;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-user rate limits. The send limit is configured for this class only ({@value #SEND_PERMITS} per
 * {@value #SEND_WINDOW_SECONDS} s, as system properties the functions read at cold start); presenceSubscribe and
 * settings have fixed limits. Windows are fixed and aligned, so a burst may straddle a boundary: each test sends
 * until refused, at most twice the limit plus one.
 */
class RateLimitE2eTest {
    private static final int SEND_PERMITS = 3;
    private static final int SEND_WINDOW_SECONDS = 60;

    static {
        System.setProperty(MessagingSettings.SEND_RATE_PERMITS, Integer.toString(SEND_PERMITS));
        System.setProperty(MessagingSettings.SEND_RATE_WINDOW_SECONDS, Integer.toString(SEND_WINDOW_SECONDS));
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static WsTestClient bob;

    @BeforeAll
    static void registerRecipient() {
        bob = RUNTIME.connectAs("bob", "phone");
    }

    @AfterAll
    static void clearLimits() {
        bob.close();
        System.clearProperty(MessagingSettings.SEND_RATE_PERMITS);
        System.clearProperty(MessagingSettings.SEND_RATE_WINDOW_SECONDS);
    }

    @Test
    void sendingBeyondTheConfiguredLimitIsRateLimitedWithRetryAfter() throws Exception {
        try (WsTestClient alice = RUNTIME.connectAs("alice", "phone")) {
            String[] clientMsgIds = new String[2 * SEND_PERMITS + 1];
            Refusal refusal = firstRefusal(alice, SEND_PERMITS, i -> {
                clientMsgIds[i] = UUID.randomUUID().toString();
                return "{\"action\":\"sendMessage\",\"requestId\":\"send-" + i + "\",\"clientMsgId\":\""
                        + clientMsgIds[i] + "\",\"to\":\"bob\",\"body\":\"hi " + i + "\"}";
            });

            assertThat(refusal.error().path("requestId").asText()).isEqualTo("send-" + refusal.attempt());
            assertThat(refusal.error().path("clientMsgId").asText()).isEqualTo(clientMsgIds[refusal.attempt()]);
            assertThat(refusal.error().path("retryAfterMs").asLong()).isBetween(1L, SEND_WINDOW_SECONDS * 1000L);
            heartbeat(alice);
        }
    }

    @Test
    void theSendLimitIsPerUser() throws Exception {
        try (WsTestClient dave = RUNTIME.connectAs("dave", "phone");
             WsTestClient erin = RUNTIME.connectAs("erin", "phone")) {
            firstRefusal(dave, SEND_PERMITS, i -> "{\"action\":\"sendMessage\",\"requestId\":\"d-" + i
                    + "\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"to\":\"bob\",\"body\":\"x\"}");

            JsonNode ack = request(erin, "e-1", "{\"action\":\"sendMessage\",\"requestId\":\"e-1\",\"clientMsgId\":\""
                    + UUID.randomUUID() + "\",\"to\":\"bob\",\"body\":\"still allowed\"}");
            assertThat(ack.path("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void settingsBeyondTenPerMinuteAreRateLimited() throws Exception {
        try (WsTestClient frank = RUNTIME.connectAs("frank", "phone")) {
            Refusal refusal = firstRefusal(frank, 10, i -> "{\"action\":\"settings\",\"requestId\":\"set-" + i
                    + "\",\"lastSeen\":\"" + (i % 2 == 0 ? "nobody" : "everyone") + "\"}");

            assertThat(refusal.error().path("retryAfterMs").asLong()).isBetween(1L, 60_000L);
        }
    }

    @Test
    void presenceSubscribeBeyondThirtyPerMinuteIsRateLimited() throws Exception {
        try (WsTestClient gina = RUNTIME.connectAs("gina", "phone")) {
            Refusal refusal = firstRefusal(gina, 30, i -> "{\"action\":\"presenceSubscribe\",\"requestId\":\"sub-"
                    + i + "\",\"userIds\":[\"bob\"]}");

            assertThat(refusal.error().path("retryAfterMs").asLong()).isBetween(1L, 60_000L);
            heartbeat(gina);
        }
    }

    private record Refusal(int attempt, JsonNode error) {
    }

    /**
     * Sends {@code frame(i)} (with requestId {@code <prefix>-i}) until one is refused; checks that the refusal
     * is RATE_LIMITED and came after at least {@code permits} (at most twice as many) accepted requests.
     */
    private static Refusal firstRefusal(WsTestClient client, int permits, IntFunction<String> frame)
            throws InterruptedException {
        for (int i = 0; i <= 2 * permits; i++) {
            String text = frame.apply(i);
            String requestId = Frames.parse(text).path("requestId").asText();
            JsonNode reply = request(client, requestId, text);
            if ("error".equals(reply.path("type").asText())) {
                assertThat(reply.path("code").asText()).isEqualTo("RATE_LIMITED");
                assertThat(i).as("accepted before the first refusal").isBetween(permits, 2 * permits);
                return new Refusal(i, reply);
            }
        }
        throw new AssertionError("no request was rate limited after " + (2 * permits + 1) + " attempts");
    }
}

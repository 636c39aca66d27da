package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an abusive client does in the abuse tests: repeats one request until the server refuses it, then checks
 * that the refusal is {@code RATE_LIMITED} with {@code retryAfterMs} and that the connection still works.
 * Windows are fixed and aligned, so a burst may straddle a boundary and get up to one window's permits more.
 */
final class Hammer {
    private Hammer() {
    }

    /**
     * Sends {@code frame} until it is refused; every reply before must be the route's answer (not an error).
     *
     * @param left the permits the window should have left (fewer than the limit when the test took some before)
     * @param permits the limit per window
     * @return the refusal
     */
    static JsonNode untilRefused(ChatDevice device, int left, int permits, Supplier<ObjectNode> frame)
            throws InterruptedException {
        for (int i = 0; i <= left + permits; i++) {
            JsonNode reply = device.request(frame.get());
            if ("error".equals(reply.path("type").asText())) {
                assertThat(reply.path("code").asText()).as("%s", reply).isEqualTo("RATE_LIMITED");
                assertThat(i).as("accepted before the first refusal").isBetween(left, left + permits);
                assertThat(reply.path("retryAfterMs").asLong()).isPositive();
                assertThat(reply.path("requestId").asText()).isNotEmpty();
                return reply;
            }
        }
        throw new AssertionError("not refused after " + (left + permits + 1) + " requests");
    }

    /** The connection is still open and answered: a heartbeat and a request of another route. */
    static void assertStillUsable(ChatDevice device) throws InterruptedException {
        WireFrames.heartbeat(device.ws);
        assertThat(device.request(Frames.presenceSubscribe(List.of(device.userId))).path("type").asText()).isEqualTo("presence");
        assertThat(device.ws.isOpen()).isTrue();
    }
}

package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.ClientMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Reading and awaiting server frames in the connection/presence end-to-end tests. */
final class WireFrames {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicInteger HEARTBEATS = new AtomicInteger();

    private WireFrames() {
    }

    static Predicate<String> withRequestId(String requestId) {
        return frame -> requestId.equals(Frames.parse(frame).path("requestId").asText(null));
    }

    static Predicate<String> ofType(String type) {
        return frame -> type.equals(Frames.parse(frame).path("type").asText(null));
    }

    /** The reply (or error) echoing {@code requestId}. */
    static JsonNode awaitReply(WsTestClient client, String requestId) throws InterruptedException {
        return Frames.parse(client.await(withRequestId(requestId), TIMEOUT));
    }

    /** Sends {@code frame} and returns the reply echoing {@code requestId}. */
    static JsonNode request(WsTestClient client, String requestId, String frame) throws InterruptedException {
        client.send(frame);
        return awaitReply(client, requestId);
    }

    /** The next pushed {@code presence} frame (one without a requestId). */
    static JsonNode awaitPresencePush(WsTestClient client) throws InterruptedException {
        return Frames.parse(client.await(ofType("presence").and(f -> !Frames.parse(f).has("requestId")), TIMEOUT));
    }

    /**
     * Sends {@code heartbeat} (with a requestId, as the app does) and returns its {@code ack}, checked. API Gateway
     * answers it from a template that cannot echo the requestId; frames on one connection are answered in order,
     * so the next heartbeat ack is this one's.
     */
    static JsonNode heartbeat(WsTestClient client) throws InterruptedException {
        client.send(new ClientMessage.Heartbeat(), "hb-" + HEARTBEATS.incrementAndGet());
        JsonNode ack = Frames.parse(client.await(ofType("ack").and(f -> "heartbeat".equals(
                Frames.parse(f).path("action").asText(null))), TIMEOUT));
        assertThat(ack.has("requestId")).isFalse();
        assertThat(ack.path("serverTs").asLong()).isPositive();
        return ack;
    }
}

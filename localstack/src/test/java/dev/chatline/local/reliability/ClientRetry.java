package dev.chatline.local.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The app's retry of one request: send the same frame (same clientMsgId, same receipt, same request) until the
 * reply is the one wanted, backing off between attempts ({@code retryAfterMs} when rate limited). A reply that
 * arrives although the serving function was killed meanwhile ({@link AwsFaults}) is disregarded: on AWS the client
 * gets API Gateway's "Internal server error" instead, so it retries.
 */
public final class ClientRetry {
    static final int ATTEMPTS = 6;
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private ClientRetry() {
    }

    /** The accepted reply (null when none came), how many attempts it took and what the failed ones got. */
    public record Outcome(JsonNode reply, int attempts, List<String> failures) {
        public boolean ok() {
            return reply != null;
        }

        @Override
        public String toString() {
            return (ok() ? "accepted" : "refused") + " after " + attempts + " attempt(s)" + (failures.isEmpty() ? ""
                    : ", failed ones got " + failures);
        }
    }

    /**
     * @param handler the simple class name of the handler serving the request (whose death voids the reply)
     */
    public static Outcome until(Peer peer, Supplier<ObjectNode> frame, Predicate<JsonNode> accepted, String handler)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long t0 = System.nanoTime();
            JsonNode reply = peer.request(frame.get(), Harness.TIMEOUT);
            if (AwsFaults.killedSince(t0, handler)) {
                failures.add("function killed");
                await().atMost(Harness.TIMEOUT).until(() -> !AwsFaults.anyDead());
                continue;
            }
            if (reply != null && accepted.test(reply)) {
                return new Outcome(reply, attempt, failures);
            }
            failures.add(describe(reply));
            Thread.sleep(reply != null && reply.has("retryAfterMs") ? reply.path("retryAfterMs").asLong()
                    : BACKOFF.toMillis() * attempt);
        }
        return new Outcome(null, ATTEMPTS, failures);
    }

    /** Accepts a reply of {@code type}. */
    public static Predicate<JsonNode> type(String type) {
        return reply -> type.equals(reply.path("type").asText());
    }

    private static String describe(JsonNode reply) {
        if (reply == null) {
            return "no reply";
        }
        if (reply.has("code")) {
            return reply.path("code").asText();
        }
        return reply.has("type") ? reply.path("type").asText() : reply.path("message").asText("?");
    }
}

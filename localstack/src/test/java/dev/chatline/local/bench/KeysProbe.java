package dev.chatline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import dev.chatline.testing.TestKeys;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Idle-system latency of {@code keysFetch} (one device, so one one-time EC and one Kyber key taken per fetch) and
 * the AWS API calls per fetch, through the whole local stack.
 */
final class KeysProbe {
    private static final int FETCHES = 30;

    private KeysProbe() {
    }

    static void run(LocalRuntime runtime) throws InterruptedException {
        BlockingQueue<JsonNode> ownerFrames = new LinkedBlockingQueue<>();
        BlockingQueue<JsonNode> fetcherFrames = new LinkedBlockingQueue<>();
        try (WsTestClient owner = connect(runtime, "bench-keys-owner", ownerFrames);
             WsTestClient fetcher = connect(runtime, "bench-keys-fetcher", fetcherFrames)) {
            request(owner, ownerFrames, TestKeys.upload(TestKeys.ecKey(), 1, FETCHES + 1));
            ObjectNode fetch = Json.object().put("action", "keysFetch").put("userId", "bench-keys-owner");
            request(fetcher, fetcherFrames, fetch); // warm-up (cold start)
            LatencyRecorder latency = new LatencyRecorder();
            ApiCallCounter.reset();
            for (int i = 0; i < FETCHES; i++) {
                long t0 = System.nanoTime();
                request(fetcher, fetcherFrames, fetch);
                latency.record(System.nanoTime() - t0);
            }
            Map<String, Long> calls = ApiCallCounter.snapshot();
            System.out.printf("%nkeysFetch (1 device, idle system): %s%n", latency.summary());
            calls.forEach((op, n) -> System.out.printf("    %-40s %6.2f per fetch%n", op, (double) n / FETCHES));
        }
    }

    private static WsTestClient connect(LocalRuntime runtime, String user, BlockingQueue<JsonNode> frames) {
        String token = runtime.tokens().issue(user, "d1", Duration.ofHours(1));
        return WsTestClient.connect(runtime.websocketUrl(), token, f -> frames.add(Json.read(f)));
    }

    private static void request(WsTestClient client, BlockingQueue<JsonNode> frames, ObjectNode frame)
            throws InterruptedException {
        client.send(frame.toString());
        JsonNode reply = frames.poll(30, TimeUnit.SECONDS);
        if (reply == null || "error".equals(reply.path("type").asText())) {
            throw new IllegalStateException("keys probe failed: " + reply);
        }
    }
}

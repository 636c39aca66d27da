package dev.chatline.local.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.MessagingClients;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Resources;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The group benchmark's second run: every member but the sender registers a push token and goes offline, then the
 * sender sends a burst of messages (each after the previous one's ack). Every offline device keeps its inbox row
 * and gets a push request, so each message's fan-out job publishes 255 push requests. It prints how long the
 * queue took to drain, the fan-out invocations with their longest duration against half the function's timeout
 * (the batch guard), the records that had to be retried (received more than once: deferred or failed), the
 * retry jobs queued for targets that could not be posted to, and the SNS calls.
 */
final class OfflineBurstProbe {
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final int DISCONNECTS_AT_ONCE = 8;

    /** Sends a frame with a fresh requestId and returns the reply. */
    @FunctionalInterface
    interface Requester {
        JsonNode request(WsTestClient client, JsonNode frame) throws InterruptedException;
    }

    private OfflineBurstProbe() {
    }

    static void run(LocalRuntime runtime, List<WsTestClient> clients, String groupId, int burst, Requester requester,
                    PrintStream out) throws InterruptedException {
        // the members' earlier messages and receipts are done before the burst is measured
        awaitQueueIdle(runtime);
        for (int u = 1; u < clients.size(); u++) {
            requester.request(clients.get(u), Json.object().put("action", "registerPush").put("platform", "android")
                    .put("token", "bench-token-" + u));
        }
        // a few at a time: the local host runs 10 $disconnect at once and throttles the rest, as Lambda would, and a
        // throttled $disconnect leaves its row until a post to it gets 410 (this phase wants them offline for sure)
        for (int from = 1; from < clients.size(); from += DISCONNECTS_AT_ONCE) {
            int to = Math.min(clients.size(), from + DISCONNECTS_AT_ONCE);
            clients.subList(from, to).forEach(WsTestClient::close);
            BenchTimeouts.awaitConnectionRowsAtMost(runtime, clients.size() - to + 1);
        }
        FanoutRecorder fanout = new FanoutRecorder();
        runtime.lambdaHost().addListener(fanout);
        ApiCallCounter.reset();
        long t0 = System.nanoTime();
        for (int i = 0; i < burst; i++) {
            JsonNode ack = requester.request(clients.get(0), Json.object().put("action", "sendMessage")
                    .put("clientMsgId", UUID.randomUUID().toString()).put("groupId", groupId)
                    .put("body", "offline-" + i));
            if (!"ack".equals(ack.path("type").asText())) {
                throw new IllegalStateException("send failed: " + ack);
            }
        }
        long acked = System.nanoTime() - t0;
        awaitQueueIdle(runtime);
        long drained = System.nanoTime() - t0;
        fanout.stop();
        Map<String, Long> calls = ApiCallCounter.snapshot();
        long halfTimeout = FunctionCatalog.FANOUT.timeout().toMillis() / 2;
        out.printf("%nOffline burst: %d messages to the %d-member group, %d members offline with push tokens%n",
                burst, clients.size(), clients.size() - 1);
        out.printf("  all %d acked after %,d ms; fan-out queue drained after %,d ms%n", burst, acked / 1_000_000,
                drained / 1_000_000);
        out.printf("  fan-out invocations: %d, longest %,d ms (guard: no record starts after %,d ms)%n",
                fanout.invocations.get(), fanout.longestMillis.get(), halfTimeout);
        out.printf("  redelivery calls (ChangeMessageVisibilityBatch, for deferred or failed records): %d;"
                + " retry jobs queued: %d%n",
                calls.getOrDefault("Sqs ChangeMessageVisibilityBatch", 0L),
                calls.getOrDefault("Sqs SendMessage", 0L) - burst);
        out.printf("  SNS: %d PublishBatch calls, %d Publish calls for %d push requests%n",
                calls.getOrDefault("Sns PublishBatch", 0L), calls.getOrDefault("Sns Publish", 0L),
                (long) burst * (clients.size() - 1));
    }

    private static void awaitQueueIdle(LocalRuntime runtime) {
        String url = runtime.resources().queue(Resources.FANOUT).url();
        try (SqsClient sqs = MessagingClients.sqs(runtime.awsClients())) {
            await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            });
        }
    }

    /** Counts the fan-out function's invocations and keeps the longest. */
    private static final class FanoutRecorder implements LambdaHost.InvocationListener {
        private final AtomicInteger invocations = new AtomicInteger();
        private final AtomicLong longestMillis = new AtomicLong();
        private final Map<String, Boolean> stopped = new ConcurrentHashMap<>();

        @Override
        public void invoked(String functionName, long startNanos, long endNanos) {
            if (stopped.isEmpty() && FunctionCatalog.FANOUT.name().equals(functionName)) {
                invocations.incrementAndGet();
                longestMillis.accumulateAndGet((endNanos - startNanos) / 1_000_000, Math::max);
            }
        }

        void stop() {
            stopped.put("stopped", true);
        }
    }
}

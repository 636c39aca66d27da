package dev.chatline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.emulator.MotoServer;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Load harness for 1:1 messaging through the whole local stack (real WebSocket clients → local API Gateway →
 * in-process functions → moto DynamoDB/SQS FIFO → fan-out → {@code @connections} → recipients). N users, each
 * connected with one device, each send M messages to the next user (closed loop: the next send after the ack);
 * every recipient answers each message with a {@code delivered} receipt, as an app does.
 *
 * <p>Prints send→ack (✓) and send→deliver latency percentiles, messages per second, and AWS API calls per
 * delivered message by service and operation (counted by {@link ApiCallCounter}), then the {@link KeysProbe}. Figures are for one laptop
 * with moto standing in for AWS: use them to compare changes, not as AWS latencies.
 *
 * <p>Run: {@code scripts/bench.sh [users] [messagesPerUser]} (defaults 20 × 25).
 */
public final class MessagingBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int IDLE_PROBES = 20;

    private final int users;
    private final int messagesPerUser;
    private final LatencyRecorder ackLatency = new LatencyRecorder();
    private final LatencyRecorder deliverLatency = new LatencyRecorder();
    private final LatencyRecorder idleAckLatency = new LatencyRecorder();
    private final LatencyRecorder idleDeliverLatency = new LatencyRecorder();
    private volatile CountDownLatch receiptEvents = new CountDownLatch(0);
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> acks = new ConcurrentHashMap<>();
    private CountDownLatch delivered;

    MessagingBenchmark(int users, int messagesPerUser) {
        this.users = users;
        this.messagesPerUser = messagesPerUser;
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perUser = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        KeysProbe.configure();
        new MessagingBenchmark(users, perUser).run();
        System.exit(0);
    }

    void run() throws Exception {
        RuntimeOptions options = RuntimeOptions.defaults().withStage("bench").withPort(0);
        try (LocalRuntime runtime = LocalRuntime.start(options, AwsBackend.endpoint(MotoServer.start().endpoint()))) {
            List<WsTestClient> clients = connectAll(runtime);
            warmUp(clients);
            idleProbe(clients);
            ApiCallCounter.reset();
            delivered = new CountDownLatch(users * messagesPerUser);
            long t0 = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(users);
            for (int u = 0; u < users; u++) {
                int from = u;
                senders.submit(() -> sendLoop(clients.get(from), "bench-user-" + ((from + 1) % users),
                        messagesPerUser));
            }
            senders.shutdown();
            boolean done = delivered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            senders.awaitTermination(1, TimeUnit.MINUTES);
            Map<String, Long> calls = ApiCallCounter.snapshot();
            report(done, seconds, calls);
            clients.forEach(WsTestClient::close);
            KeysProbe.run(runtime);
        }
    }

    private List<WsTestClient> connectAll(LocalRuntime runtime) {
        List<WsTestClient> clients = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String token = runtime.tokens().issue("bench-user-" + u, "d1", Duration.ofHours(1));
            clients.add(WsTestClient.connect(runtime.websocketUrl(), token, frame -> onFrame(clients, frame)));
        }
        return clients;
    }

    /** One message per user so every function has had its cold start before measuring. */
    private void warmUp(List<WsTestClient> clients) throws InterruptedException {
        delivered = new CountDownLatch(users);
        for (int u = 0; u < users; u++) {
            send(clients.get(u), "bench-user-" + ((u + 1) % users));
        }
        if (!delivered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("warm-up messages were not delivered");
        }
        ackLatency.reset();
        deliverLatency.reset();
    }

    /**
     * One message at a time from user 0 to user 1, each only after the previous one's delivered receipt came back
     * to the sender: latency of an otherwise idle system.
     */
    private void idleProbe(List<WsTestClient> clients) throws InterruptedException {
        for (int i = 0; i < IDLE_PROBES; i++) {
            delivered = new CountDownLatch(1);
            receiptEvents = new CountDownLatch(1);
            send(clients.get(0), "bench-user-1");
            if (!delivered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || !receiptEvents.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("idle probe message not delivered and acknowledged");
            }
        }
        idleAckLatency.addAll(ackLatency);
        idleDeliverLatency.addAll(deliverLatency);
        ackLatency.reset();
        deliverLatency.reset();
    }

    private void sendLoop(WsTestClient client, String to, int count) {
        try {
            for (int i = 0; i < count; i++) {
                CountDownLatch ack = send(client, to);
                if (!ack.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("no ack within " + TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CountDownLatch send(WsTestClient client, String to) {
        String clientMsgId = UUID.randomUUID().toString();
        CountDownLatch ack = new CountDownLatch(1);
        acks.put(clientMsgId, ack);
        sentAt.put(clientMsgId, System.nanoTime());
        client.send(Json.write(Json.object().put("action", "sendMessage").put("clientMsgId", clientMsgId)
                .put("to", to).put("body", clientMsgId)));
        return ack;
    }

    /** The body is the clientMsgId (opaque to the server), so the recipient can look up the send time. */
    private void onFrame(List<WsTestClient> clients, String frame) {
        long now = System.nanoTime();
        JsonNode n = Json.read(frame);
        switch (n.path("type").asText()) {
            case "ack" -> {
                String id = n.path("clientMsgId").asText();
                Long t = sentAt.get(id);
                if (t != null) {
                    ackLatency.record(now - t);
                }
                CountDownLatch latch = acks.remove(id);
                if (latch != null) {
                    latch.countDown();
                }
            }
            case "message" -> {
                Long t = sentAt.remove(n.path("body").asText());
                if (t != null) {
                    deliverLatency.record(now - t);
                    delivered.countDown();
                }
                int recipient = Integer.parseInt(otherUser(n));
                clients.get(recipient).send(Json.write(Json.object().put("action", "receipt")
                        .put("chatId", n.path("chatId").asText()).put("status", "delivered")
                        .set("messageIds", Json.MAPPER.createArrayNode().add(n.path("messageId").asText()))));
            }
            case "receipt" -> receiptEvents.countDown();
            case "error" -> System.err.println("error frame: " + frame);
            default -> {
                // presence and other events are not measured
            }
        }
    }

    /** The recipient of a direct chat frame is the chat member that is not the sender. */
    private static String otherUser(JsonNode message) {
        String from = message.path("from").path("userId").asText();
        String[] parts = message.path("chatId").asText().split(":");
        String other = parts[1].equals(from) ? parts[2] : parts[1];
        return other.replace("bench-user-", "");
    }

    private void report(boolean done, double seconds, Map<String, Long> calls) {
        int messages = users * messagesPerUser;
        System.out.printf("%nChatline messaging benchmark: %d users x %d messages (1:1, closed loop), local runtime + moto%n",
                users, messagesPerUser);
        System.out.println(done ? "all messages delivered" : "TIMED OUT: only " + deliverLatency.count() + " delivered");
        System.out.println("idle system, one message at a time:");
        System.out.println("send -> ack     " + idleAckLatency.summary());
        System.out.println("send -> deliver " + idleDeliverLatency.summary());
        System.out.println("under load (all users sending):");
        System.out.println("send -> ack     " + ackLatency.summary());
        System.out.println("send -> deliver " + deliverLatency.summary());
        System.out.printf("throughput      %.0f messages/s (%.1f s)%n", messages / seconds, seconds);
        System.out.println("AWS API calls per delivered message (incl. delivered receipts):");
        Map<String, Double> byService = new java.util.TreeMap<>();
        calls.forEach((op, n) -> byService.merge(op.split(" ")[0], (double) n / messages, Double::sum));
        byService.forEach((s, n) -> System.out.printf("  %-24s %6.2f%n", s, n));
        calls.forEach((op, n) -> System.out.printf("    %-40s %6.2f%n", op, (double) n / messages));
    }
}

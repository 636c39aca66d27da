package dev.chatline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group chats through the whole local stack (real WebSocket clients, local API Gateway, functions, moto):
 * <ul>
 *   <li>send → every one of 256 members received: one message at a time from member 0, the time until the last of
 *       the 255 other members got it (p50/p99), and until the sender got the single {@code delivered} event after
 *       all 255 delivered receipts;</li>
 *   <li>DynamoDB operations per receipt for groups of 2, 16 and 256 members: every member acknowledges one message
 *       ({@code delivered}, then {@code read}); the DynamoDB calls of that phase (receipt function and the fan-out
 *       of the sender's events) divided by the number of receipts, and the write/read request units they cost
 *       ({@link CapacityMeter}). O(1) per receipt means the figures stay flat. Repeated with a 64 KB body for the
 *       smaller groups: a receipt that rewrote the message row would cost 64 write units.</li>
 *   <li>offline burst ({@link OfflineBurstProbe}): the 255 other members register push tokens and disconnect; the
 *       sender sends 10 messages; how long the fan-out takes, its longest invocation against the half-timeout
 *       guard, the records retried, and the push requests' SNS calls.</li>
 * </ul>
 * Figures are for one laptop with moto (one request at a time, ~15 ms each when the machine is busy) standing in for
 * DynamoDB: compare them between changes, not with AWS. Run: {@code scripts/bench.sh groups [messages]}.
 */
public final class GroupBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int MEMBERS = 256;
    private static final int ID_CHARS = 36;
    /** The largest body (65,536 bytes of UTF-8 after JSON escaping), sent in frames under the 32 KB frame quota. */
    private static final int LARGE_BODY = 65_536;
    private static final int[] LARGE_BODY_GROUPS = {2, 16};
    private static final int FRAME_CHARS = 30_000;
    /** Messages sent to the group once every other member is offline with a push token. */
    private static final int OFFLINE_BURST = 10;

    private final int messages;
    private final LatencyRecorder allReceived = new LatencyRecorder();
    private final LatencyRecorder senderTicked = new LatencyRecorder();
    /** body (a fresh id) → members still to receive it. */
    private final Map<String, CountDownLatch> pending = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> replies = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> replyFrames = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> receiptEvents = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    /** Receipts go out 8 at a time (each waits for its ack): the local host runs 10 per function. */
    private final ExecutorService receiptSenders = Executors.newFixedThreadPool(8);
    private volatile boolean acknowledge;

    GroupBenchmark(int messages) {
        this.messages = messages;
    }

    public static void main(String[] args) {
        BenchLimits.configure();
        try {
            new GroupBenchmark(args.length > 0 ? Integer.parseInt(args[0]) : 10).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the clients' and the runtime's threads would keep the JVM alive
        }
        System.exit(0);
    }

    void run() throws Exception {
        // moto is far slower than DynamoDB: allow every route API Gateway's full 29 s
        List<FunctionDef> functions = FunctionCatalog.ALL.stream().map(f -> f.trigger() instanceof Trigger.Route
                ? new FunctionDef(f.name(), f.handlerClass(), f.artifact(), f.memoryMb(), Duration.ofSeconds(29),
                f.trigger(), f.access()) : f).toList();
        RuntimeOptions options = RuntimeOptions.defaults().withStage("bench").withPort(0).withFunctions(functions);
        try (LocalRuntime runtime = LocalRuntime.start(options, AwsBackend.endpoint(MotoServer.start().endpoint()))) {
            List<WsTestClient> clients = new ArrayList<>();
            for (int u = 0; u < MEMBERS; u++) {
                int me = u;
                String token = runtime.tokens().issue("member-" + u, "d1", Duration.ofHours(1));
                clients.add(WsTestClient.connect(runtime.websocketUrl(), token, f -> onFrame(clients, me, f)));
            }
            String big = createGroup(clients, MEMBERS, "all");
            acknowledge = true;
            send(clients.get(0), big); // warm-up: cold starts of send, fan-out and receipt
            allReceived.reset();
            senderTicked.reset();
            for (int i = 0; i < messages; i++) {
                send(clients.get(0), big);
            }
            System.out.printf("%nChatline group benchmark: %d members, %d messages one at a time, local runtime + moto%n",
                    MEMBERS, messages);
            System.out.println("send -> all 255 other members received      " + allReceived.summary());
            System.out.println("send -> sender's delivered event (all acked)  " + senderTicked.summary());
            System.out.println("DynamoDB per receipt (delivered, then read; every member acknowledges):");
            acknowledge = false;
            Map<Integer, String> groups = new java.util.TreeMap<>(Map.of(MEMBERS, big));
            for (int size : new int[] {2, 16, MEMBERS}) {
                String groupId = groups.computeIfAbsent(size, n -> createGroupUnchecked(clients, n));
                receiptCost(clients, groupId, size, ID_CHARS);
            }
            for (int size : LARGE_BODY_GROUPS) {
                receiptCost(clients, groups.get(size), size, LARGE_BODY);
            }
            System.out.println(errors.get() == 0 ? "no error frames" : errors.get() + " error frames");
            OfflineBurstProbe.run(runtime, clients, big, OFFLINE_BURST, this::request, System.out);
            clients.forEach(WsTestClient::close);
            receiptSenders.shutdownNow();
        }
    }

    private static JsonNode join(java.util.concurrent.Future<JsonNode> reply) throws InterruptedException {
        try {
            return reply.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("request failed", e.getCause());
        }
    }

    private String createGroupUnchecked(List<WsTestClient> clients, int size) {
        try {
            return createGroup(clients, size, "g" + size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a group of member 0 and the next {@code size - 1} members; waits until all got its messages. */
    private String createGroup(List<WsTestClient> clients, int size, String name) throws InterruptedException {
        List<String> userIds = new ArrayList<>();
        for (int u = 1; u < size; u++) {
            userIds.add("member-" + u);
        }
        JsonNode info = request(clients.get(0), Json.object().put("action", "groupCreate").put("name", name)
                .set("userIds", Json.MAPPER.valueToTree(userIds)));
        if (!"groupInfo".equals(info.path("type").asText())) {
            throw new IllegalStateException("groupCreate failed: " + info);
        }
        return info.path("groupId").asText();
    }

    /** One message, then every member's delivered and read receipts; prints DynamoDB calls and units per receipt. */
    private void receiptCost(List<WsTestClient> clients, String groupId, int size, int bodyBytes)
            throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String body = id + "x".repeat(Math.max(0, bodyBytes - ID_CHARS));
        CountDownLatch received = new CountDownLatch(size - 1);
        pending.put(id, received);
        JsonNode ack = request(clients.get(0), sendFrame(groupId, body));
        await(received, "group message");
        String messageId = ack.path("messageId").asText();
        ApiCallCounter.reset();
        long receipts = 0;
        for (String status : List.of("delivered", "read")) {
            CountDownLatch event = new CountDownLatch(1);
            receiptEvents.put(messageId + status, event);
            List<java.util.concurrent.Future<JsonNode>> acks = new ArrayList<>();
            for (int u = 1; u < size; u++) {
                WsTestClient member = clients.get(u);
                JsonNode receipt = Json.object().put("action", "receipt").put("chatId", "g:" + groupId)
                        .put("status", status).set("messageIds", Json.MAPPER.createArrayNode().add(messageId));
                acks.add(receiptSenders.submit(() -> request(member, receipt)));
                receipts++;
            }
            for (java.util.concurrent.Future<JsonNode> a : acks) {
                join(a);
            }
            await(event, status + " event");
        }
        Map<String, Long> calls = ApiCallCounter.snapshot();
        long dynamo = calls.entrySet().stream().filter(e -> e.getKey().toLowerCase(java.util.Locale.ROOT).startsWith("dynamodb "))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("  group of %3d, body %,6d bytes: %5.2f DynamoDB calls, %6.2f WRU, %5.2f RRU per receipt"
                + " (%d receipts)%n", size, bodyBytes, (double) dynamo / receipts, ApiCallCounter.writeUnits() / receipts,
                ApiCallCounter.readUnits() / receipts, receipts);
        long n = receipts;
        calls.forEach((op, c) -> {
            if (op.toLowerCase(java.util.Locale.ROOT).startsWith("dynamodb ")) {
                System.out.printf("      %-34s %5.2f%n", op, (double) c / n);
            }
        });
    }

    /** Sends one message to the group; waits until every other member got it and the sender's delivered event. */
    private void send(WsTestClient sender, String groupId) throws InterruptedException {
        String body = UUID.randomUUID().toString();
        CountDownLatch received = new CountDownLatch(MEMBERS - 1);
        pending.put(body, received);
        long t0 = System.nanoTime();
        JsonNode ack = request(sender, sendFrame(groupId, body));
        CountDownLatch event = new CountDownLatch(1);
        receiptEvents.put(ack.path("messageId").asText() + "delivered", event);
        await(received, "group message");
        allReceived.record(System.nanoTime() - t0);
        await(event, "delivered event");
        senderTicked.record(System.nanoTime() - t0);
    }

    private static JsonNode sendFrame(String groupId, String body) {
        return Json.object().put("action", "sendMessage").put("clientMsgId", UUID.randomUUID().toString())
                .put("groupId", groupId).put("body", body);
    }

    private JsonNode request(WsTestClient client, JsonNode frame) throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        CountDownLatch reply = new CountDownLatch(1);
        replies.put(requestId, reply);
        client.sendInFrames(Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) frame)
                .put("requestId", requestId)), FRAME_CHARS);
        await(reply, "reply to " + frame.path("action").asText());
        return replyFrames.remove(requestId);
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private void onFrame(List<WsTestClient> clients, int me, String frame) {
        JsonNode n = Json.read(frame);
        String requestId = n.path("requestId").asText(null);
        if (requestId != null && replies.containsKey(requestId)) {
            replyFrames.put(requestId, n);
            replies.remove(requestId).countDown();
            if ("error".equals(n.path("type").asText())) {
                errors.incrementAndGet();
                System.err.println("error frame: " + frame);
            }
            return;
        }
        switch (n.path("type").asText()) {
            case "message" -> {
                String body = n.path("body").asText();
                CountDownLatch latch = pending.get(body.substring(0, Math.min(ID_CHARS, body.length())));
                if (latch != null) {
                    latch.countDown();
                }
                if (acknowledge && latch != null) {
                    JsonNode receipt = Json.object().put("action", "receipt").put("chatId", n.path("chatId").asText())
                            .put("status", "delivered")
                            .set("messageIds", Json.MAPPER.createArrayNode().add(n.path("messageId").asText()));
                    receiptSenders.submit(() -> request(clients.get(me), receipt));
                }
            }
            case "receipt" -> n.path("messageIds").forEach(id -> {
                CountDownLatch event = receiptEvents.remove(id.asText() + n.path("status").asText());
                if (event != null) {
                    event.countDown();
                }
            });
            default -> {
                // acks of receipts sent from the receive thread, system messages, presence: not measured
            }
        }
    }
}

package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.e2e.Frames;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One device of a user on a real WebSocket, as the reliability harnesses drive it: unlike the e2e tests'
 * await-and-take client, it keeps an account of everything the server sent — every {@code message} frame by
 * messageId (how often: raw duplicates are counted, a client shows each id once), every {@code receipt} event —
 * and matches replies to requests by {@code requestId}. A reply that cannot echo one (API Gateway's own
 * {@code {"message":"Internal server error"}} frame, an error for a frame whose requestId was invalid, the
 * heartbeat ack) completes the oldest outstanding request, since a connection's frames are answered in order; with
 * no request outstanding it goes to {@link #unmatched()}, like any reply whose requestId no request is waiting for.
 */
public final class Peer implements AutoCloseable {
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    private static final int SYNC_ATTEMPTS = 3;

    final String userId;
    final String deviceId;
    private final Map<String, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Deque<String> order = new ConcurrentLinkedDeque<>();
    private final Map<String, AtomicInteger> messages = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> firstCopies = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> receiptEvents = java.util.Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
    private volatile Consumer<JsonNode> onMessage = m -> { };
    private volatile Consumer<JsonNode> onReceipt = r -> { };
    private volatile boolean keepFrames = true;
    private final AtomicLong gatewayErrors = new AtomicLong();
    /** Requests given up after their timeout, and how many of their replies came after all. */
    private final Set<String> timedOut = ConcurrentHashMap.newKeySet();
    private final AtomicLong lateReplies = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final WsTestClient ws;

    private Peer(String userId, String deviceId, LocalRuntime runtime) {
        this.userId = userId;
        this.deviceId = deviceId;
        String token = runtime.tokens().issue(userId, deviceId, Duration.ofHours(1));
        this.ws = WsTestClient.connect(runtime.websocketUrl(), token, this::received);
    }

    /** Connects (registers the device on its first connect). */
    public static Peer connect(LocalRuntime runtime, String userId, String deviceId) {
        return new Peer(userId, deviceId, runtime);
    }

    /**
     * Stops keeping the first copy of every message ({@link #messageFrames()}) and the receipt events, for long runs
     * that only need the counts and hooks and would otherwise measure their own bookkeeping as heap growth.
     */
    public Peer countOnly() {
        this.keepFrames = false;
        return this;
    }

    /** Called on the receive thread for every {@code receipt} event; must not block long. */
    public Peer onReceipt(Consumer<JsonNode> handler) {
        this.onReceipt = handler;
        return this;
    }

    /** Called on the receive thread for every {@code message} frame (after it was counted); must not block long. */
    public Peer onMessage(Consumer<JsonNode> handler) {
        this.onMessage = handler;
        return this;
    }

    /** Sends {@code frame} with a fresh requestId; the future completes with the reply (or the error for it). */
    public CompletableFuture<JsonNode> call(ObjectNode frame) {
        String requestId = newRequestId();
        frame.put("requestId", requestId);
        return callRaw(requestId, Json.write(frame));
    }

    /** Sends {@code text}, which carries {@code requestId}, and returns its reply's future. */
    public CompletableFuture<JsonNode> callRaw(String requestId, String text) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        calls.put(requestId, reply);
        order.add(requestId);
        try {
            ws.send(text);
        } catch (RuntimeException e) {
            forget(requestId);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** A requestId no other request of this JVM uses. */
    public static String newRequestId() {
        return "q" + REQUEST_IDS.incrementAndGet();
    }

    /** {@link #call} and wait; null when no reply came within {@code timeout} (the request is then forgotten). */
    public JsonNode request(ObjectNode frame, Duration timeout) throws InterruptedException {
        String requestId = newRequestId();
        frame.put("requestId", requestId);
        return requestRaw(requestId, Json.write(frame), timeout);
    }

    /** {@link #callRaw} and wait; null when no reply came within {@code timeout} (the request is then forgotten). */
    public JsonNode requestRaw(String requestId, String text, Duration timeout) throws InterruptedException {
        CompletableFuture<JsonNode> reply = callRaw(requestId, text);
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            timedOut.add(requestId); // before forgetting it, so a reply arriving now counts as late
            forget(requestId);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            forget(requestId);
            sendFailures.incrementAndGet();
            return null;
        }
    }

    /** Sends a raw text frame, no bookkeeping (for one-way frames and fuzzed text). */
    public void sendRaw(String text) {
        ws.send(text);
    }

    /**
     * Replies to frames sent with {@link #sendRaw}, and frames other than {@code message} and {@code receipt} that
     * arrived while no request was outstanding (replies that echo no requestId, presence pushes), in arrival order.
     */
    public BlockingQueue<JsonNode> unmatched() {
        return unmatched;
    }

    /**
     * Every {@code sync} page until {@code more} is false; the messages it posts are counted like live ones. A page
     * that fails is asked for again (up to {@value #SYNC_ATTEMPTS} times), as an app does.
     */
    public void syncAll(Duration timeout) throws InterruptedException {
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            JsonNode reply = null;
            for (int attempt = 1; attempt <= SYNC_ATTEMPTS && !isSyncComplete(reply); attempt++) {
                reply = request(Frames.sync(cursor), timeout);
            }
            if (!isSyncComplete(reply)) {
                throw new IllegalStateException(userId + "/" + deviceId + " sync failed: " + reply);
            }
            if (!reply.path("more").asBoolean()) {
                return;
            }
            cursor = reply.path("cursor").asText();
        }
    }

    private static boolean isSyncComplete(JsonNode reply) {
        return reply != null && Frames.isType(reply, "syncComplete");
    }

    /**
     * Sends a {@code delivered} receipt (and waits for its ack) for every message received and not acknowledged
     * yet, one frame per chat, as the app does for what it has stored: those messages leave this device's
     * {@code sync} set, so a later copy of them is a real duplicate. Copies of the user's own messages need none.
     */
    public void acknowledgeAll(Duration timeout) throws InterruptedException {
        Map<String, List<String>> byChat = new java.util.TreeMap<>();
        for (JsonNode m : firstCopies.values()) {
            String id = m.path("messageId").asText();
            if (!userId.equals(m.path("from").path("userId").asText()) && acknowledged.add(id)) {
                byChat.computeIfAbsent(m.path("chatId").asText(), c -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<String>> chat : byChat.entrySet()) {
            List<String> ids = chat.getValue();
            for (int from = 0; from < ids.size(); from += 100) {
                List<String> page = ids.subList(from, Math.min(ids.size(), from + 100));
                JsonNode reply = request(Frames.receipt(chat.getKey(), "delivered", page), timeout);
                if (reply == null || !Frames.isType(reply, "ack")) {
                    acknowledged.removeAll(page);
                }
            }
        }
    }

    /** How many times the message came (live and through sync); 0 when never. */
    public int copies(String messageId) {
        AtomicInteger n = messages.get(messageId);
        return n == null ? 0 : n.get();
    }

    /** Distinct messages received (what the app shows). */
    public Set<String> messageIds() {
        return Set.copyOf(messages.keySet());
    }

    /** The first copy of every distinct message received. */
    public List<JsonNode> messageFrames() {
        return new ArrayList<>(firstCopies.values());
    }

    /** {@code receipt} events received (live and through sync), in arrival order. */
    public List<JsonNode> receiptEvents() {
        synchronized (receiptEvents) {
            return List.copyOf(receiptEvents);
        }
    }

    /** API Gateway's own error frames received ("Internal server error": a function failed or was throttled). */
    public long gatewayErrors() {
        return gatewayErrors.get();
    }

    /** Replies that came after their request had timed out (the server was slow, not silent). */
    public long lateReplies() {
        return lateReplies.get();
    }

    /** Requests this client could not even send (its socket refused or timed out the write). */
    public long sendFailures() {
        return sendFailures.get();
    }

    public boolean isOpen() {
        return ws.isOpen();
    }

    private void received(String text) {
        JsonNode frame = Json.read(text);
        String type = frame.path("type").asText("");
        // API Gateway's own frames ("Internal server error": the function failed or was throttled) have no type,
        // and their requestId is API Gateway's, not the client's
        boolean gateway = !frame.has("type");
        if (gateway) {
            gatewayErrors.incrementAndGet();
        }
        String requestId = gateway ? null : frame.path("requestId").asText(null);
        if (requestId != null) {
            if (calls.containsKey(requestId)) {
                complete(requestId, frame);
            } else if (timedOut.remove(requestId)) {
                lateReplies.incrementAndGet();
            } else {
                unmatched.add(frame); // a reply to a frame sent without bookkeeping (sendRaw)
            }
        } else if ("message".equals(type)) {
            String id = frame.path("messageId").asText();
            if (keepFrames) {
                firstCopies.putIfAbsent(id, frame);
            }
            messages.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            onMessage.accept(frame);
        } else if ("receipt".equals(type)) {
            if (keepFrames) {
                receiptEvents.add(frame);
            }
            onReceipt.accept(frame);
        } else {
            String oldest = order.peekFirst();
            if (oldest == null) {
                unmatched.add(frame);
            } else if (!isPush(type, frame)) {
                complete(oldest, frame);
            }
        }
    }

    private static boolean isPush(String type, JsonNode frame) {
        return "identityChanged".equals(type) || ("presence".equals(type) && !frame.has("requestId"));
    }

    private void complete(String requestId, JsonNode frame) {
        CompletableFuture<JsonNode> reply = calls.get(requestId);
        forget(requestId);
        if (reply != null) {
            reply.complete(frame);
        }
    }

    private void forget(String requestId) {
        calls.remove(requestId);
        order.remove(requestId);
    }

    @Override
    public void close() {
        ws.close();
    }
}

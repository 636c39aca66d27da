package dev.chatline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 1:1 traffic between {@code bench-user-<i>} clients, one device each. Every recipient answers every message with a
 * {@code delivered} and then a {@code read} receipt, as an app does while the chat is open. A message's body starts
 * with its clientMsgId (opaque to the server) and is padded to the body size of the price table's assumption, so the
 * recipient can tell when it was sent and the billed units are those of a typical text message.
 */
final class DirectTraffic implements AutoCloseable {
    private static final int ID_CHARS = 36;

    private final FrameMeter frames;
    private final String padding;
    private final List<WsTestClient> clients = new ArrayList<>();
    private final Map<String, Sent> byClientMsgId = new ConcurrentHashMap<>();
    private final Map<String, Sent> byMessageId = new ConcurrentHashMap<>();
    final LatencyRecorder ackLatency = new LatencyRecorder();
    final LatencyRecorder deliverLatency = new LatencyRecorder();

    /** One sent message: when it was sent, acked, delivered, and when the sender got the {@code read} event. */
    record Sent(long sentAt, CompletableFuture<Long> acked, CompletableFuture<Long> delivered,
                CompletableFuture<Long> readEvent) {
    }

    DirectTraffic(FrameMeter frames, int bodyBytes) {
        this.frames = frames;
        this.padding = "x".repeat(Math.max(0, bodyBytes - ID_CHARS));
    }

    void connect(LocalRuntime runtime, int users) {
        for (int u = 0; u < users; u++) {
            String token = runtime.tokens().issue(user(u), "d1", Duration.ofHours(1));
            clients.add(WsTestClient.connect(runtime.websocketUrl(), token, frames.counting(this::onFrame)));
        }
    }

    int users() {
        return clients.size();
    }

    static String user(int index) {
        return "bench-user-" + index;
    }

    Sent send(int from, int to) {
        String clientMsgId = UUID.randomUUID().toString();
        Sent sent = new Sent(System.nanoTime(), new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>());
        byClientMsgId.put(clientMsgId, sent);
        frames.send(clients.get(from), Json.write(Json.object().put("action", "sendMessage")
                .put("clientMsgId", clientMsgId).put("to", user(to)).put("body", clientMsgId + padding)));
        return sent;
    }

    private void onFrame(String frame) {
        long now = System.nanoTime();
        JsonNode n = Json.read(frame);
        switch (n.path("type").asText()) {
            case "ack" -> {
                Sent sent = byClientMsgId.get(n.path("clientMsgId").asText());
                if (sent != null && sent.acked().complete(now)) {
                    ackLatency.record(now - sent.sentAt());
                }
            }
            case "message" -> received(n, now);
            case "receipt" -> n.path("messageIds").forEach(id -> {
                Sent sent = byMessageId.get(id.asText());
                if (sent != null && "read".equals(n.path("status").asText())) {
                    byMessageId.remove(id.asText());
                    byClientMsgId.values().remove(sent);
                    sent.readEvent().complete(now);
                }
            });
            case "error" -> System.err.println("error frame: " + frame);
            default -> {
                // acks of receipts, presence and other events are not measured
            }
        }
    }

    private void received(JsonNode message, long now) {
        String body = message.path("body").asText();
        Sent sent = byClientMsgId.get(body.substring(0, Math.min(ID_CHARS, body.length())));
        String messageId = message.path("messageId").asText();
        if (sent != null && sent.delivered().complete(now)) {
            deliverLatency.record(now - sent.sentAt());
            byMessageId.put(messageId, sent);
        }
        WsTestClient recipient = clients.get(Integer.parseInt(otherUser(message)));
        for (String status : List.of("delivered", "read")) {
            frames.send(recipient, Json.write(Json.object().put("action", "receipt")
                    .put("chatId", message.path("chatId").asText()).put("status", status)
                    .set("messageIds", Json.MAPPER.createArrayNode().add(messageId))));
        }
    }

    /** The recipient of a direct chat frame is the chat member that is not the sender. */
    private static String otherUser(JsonNode message) {
        String from = message.path("from").path("userId").asText();
        String[] parts = message.path("chatId").asText().split(":");
        String other = parts[1].equals(from) ? parts[2] : parts[1];
        return other.replace("bench-user-", "");
    }

    @Override
    public void close() {
        clients.forEach(WsTestClient::close);
    }
}

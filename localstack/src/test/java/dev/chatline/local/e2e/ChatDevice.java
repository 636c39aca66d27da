package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.ClientMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One device of a user, connected through the local gateway like the app: sends frames with a fresh
 * {@code requestId} and waits for the reply that echoes it; waits for pushed frames by type.
 */
final class ChatDevice implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicLong IDS = new AtomicLong();

    final String userId;
    final String deviceId;
    final WsTestClient ws;

    private ChatDevice(String userId, String deviceId, WsTestClient ws) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.ws = ws;
    }

    static ChatDevice connect(LocalRuntimeExtension runtime, String userId, String deviceId) {
        return new ChatDevice(userId, deviceId, runtime.connectAs(userId, deviceId));
    }

    /** Connects to cell {@code cell} of a runtime running cells. */
    static ChatDevice connect(LocalRuntimeExtension runtime, String cell, String userId, String deviceId) {
        return new ChatDevice(userId, deviceId, runtime.connectAs(cell, userId, deviceId));
    }

    /** A user id no other test of the JVM uses (tests of one class share the runtime's tables). */
    static String uniqueUser(String name) {
        return name + "-" + IDS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** Sends {@code frame} with a new requestId and returns the reply (or error) that echoes it. */
    JsonNode request(ObjectNode frame) throws InterruptedException {
        return request(frame, TIMEOUT);
    }

    /** Like {@link #request(ObjectNode)}, waiting up to {@code timeout} for the reply. */
    JsonNode request(ObjectNode frame, Duration timeout) throws InterruptedException {
        String requestId = "r" + IDS.incrementAndGet();
        frame.put("requestId", requestId);
        ws.send(frame.toString());
        return awaitFrame(f -> requestId.equals(f.path("requestId").asText()), timeout);
    }

    /** Sends a message to {@code to} and returns the {@code ack} (fails on an error frame). */
    JsonNode send(String to, String body) throws InterruptedException {
        JsonNode ack = request(Frames.sendMessage(Frames.newClientMsgId(), to, body));
        assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
        return ack;
    }

    /** Sends a receipt and asserts its {@code ack}. */
    void receipt(String chatId, String status, List<String> messageIds) throws InterruptedException {
        JsonNode ack = request(Frames.receipt(chatId, status, messageIds));
        assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
        assertThat(ack.path("action").asText()).isEqualTo("receipt");
    }

    /** Sends a receipt the way apps do: one way, without requestId (no reply comes). */
    void receiptOneWay(String chatId, String status, List<String> messageIds) {
        ws.send(new ClientMessage.Receipt(chatId, messageIds, status), null);
    }

    /** Sends a request expected to be refused and returns the error code. */
    String errorCode(ObjectNode frame) throws InterruptedException {
        JsonNode reply = request(frame);
        assertThat(reply.path("type").asText()).as("reply %s", reply).isEqualTo("error");
        return reply.path("code").asText();
    }

    /** One {@code sync} call: the frames posted before its {@code syncComplete}, and the reply itself. */
    record SyncPage(List<JsonNode> messages, List<JsonNode> receipts, JsonNode complete) {
        List<Long> seqs() {
            return messages.stream().map(m -> m.path("seq").asLong()).toList();
        }

        List<String> messageIds() {
            return messages.stream().map(m -> m.path("messageId").asText()).toList();
        }
    }

    SyncPage sync(String cursor) throws InterruptedException {
        JsonNode complete = request(Frames.sync(cursor));
        assertThat(complete.path("type").asText()).as("reply %s", complete).isEqualTo("syncComplete");
        // frames posted during the sync reach the socket before the route response
        List<JsonNode> messages = new ArrayList<>();
        List<JsonNode> receipts = new ArrayList<>();
        for (String raw : ws.pending()) {
            JsonNode f = Frames.parse(raw);
            if (Frames.isType(f, "message")) {
                messages.add(Frames.parse(take(raw)));
            } else if (Frames.isType(f, "receipt")) {
                receipts.add(Frames.parse(take(raw)));
            }
        }
        return new SyncPage(messages, receipts, complete);
    }

    JsonNode awaitFrame(Predicate<JsonNode> match) throws InterruptedException {
        return awaitFrame(match, TIMEOUT);
    }

    JsonNode awaitFrame(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        return Frames.parse(ws.await(raw -> match.test(Frames.parse(raw)), timeout));
    }

    JsonNode awaitMessage(String messageId) throws InterruptedException {
        return awaitFrame(f -> Frames.isType(f, "message") && messageId.equals(f.path("messageId").asText()));
    }

    JsonNode awaitReceipt(String status) throws InterruptedException {
        return awaitFrame(f -> Frames.isType(f, "receipt") && status.equals(f.path("status").asText()));
    }

    /** Frames received and not taken yet, parsed. */
    List<JsonNode> pending() {
        return ws.pending().stream().map(Frames::parse).toList();
    }

    /** Pending frames of one type, without taking them. */
    List<JsonNode> pending(String type) {
        return pending().stream().filter(f -> Frames.isType(f, type)).toList();
    }

    private String take(String raw) throws InterruptedException {
        return ws.await(raw::equals, Duration.ZERO.plusMillis(1));
    }

    @Override
    public void close() {
        ws.close();
    }
}

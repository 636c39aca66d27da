package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One device of a user, connected through the local gateway like the app: sends frames with a fresh
 * {@code requestId} and waits for the reply that echoes it; waits for pushed frames by type. The typed calls
 * ({@link #call}, {@link #send}, {@link #refusal}) send a record and decode the reply with the protocol's binding, as
 * the client SDK does; the JSON ones ({@link #request}) are for tests about the wire itself (malformed frames, field
 * names, what a reply does not contain).
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

    /** Sends {@code message} with a new requestId and returns the reply that echoes it, decoded (an error too). */
    ServerFrame call(ClientMessage message) throws InterruptedException {
        return ProtocolJson.decodeFrame(request(Frames.of(message)));
    }

    /** Like {@link #call(ClientMessage)}, failing (naming the reply) unless the reply is a {@code type}. */
    <F extends ServerFrame> F call(ClientMessage message, Class<F> type) throws InterruptedException {
        ServerFrame reply = call(message);
        assertThat(reply).as("reply to %s", message.action()).isInstanceOf(type);
        return type.cast(reply);
    }

    /** The code of the error frame that refuses {@code message} (fails on any other reply). */
    ErrorCode refusal(ClientMessage message) throws InterruptedException {
        return call(message, ServerFrame.Error.class).code();
    }

    /** Sends a text to {@code to} and returns the {@code ack} (fails on an error frame). */
    Acks.SendMessageAck send(String to, String body) throws InterruptedException {
        return call(SendMessage.direct(Frames.newClientMsgId(), to, body, "text/plain"), Acks.SendMessageAck.class);
    }

    /** Sends a receipt and asserts its {@code ack}. */
    void receipt(String chatId, String status, List<String> messageIds) throws InterruptedException {
        call(new ClientMessage.Receipt(chatId, messageIds, status), Acks.ReceiptAck.class);
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

    /** The first received frame that is a {@code type} matching {@code match}, decoded (it is taken). */
    <F extends ServerFrame> F await(Class<F> type, Predicate<? super F> match) throws InterruptedException {
        return await(type, match, TIMEOUT);
    }

    /** Like {@link #await(Class, Predicate)}, waiting up to {@code timeout}. */
    <F extends ServerFrame> F await(Class<F> type, Predicate<? super F> match, Duration timeout)
            throws InterruptedException {
        String raw = ws.await(r -> {
            ServerFrame f = decodedOrNull(r);
            return type.isInstance(f) && match.test(type.cast(f));
        }, timeout);
        return type.cast(ProtocolJson.decodeFrame(raw));
    }

    /** The frame's record, or null for one that is none (API Gateway's own error frames). */
    private static ServerFrame decodedOrNull(String raw) {
        try {
            return ProtocolJson.decodeFrame(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The pushed (or synced) message {@code messageId}, decoded. */
    ChatFrames.Message received(String messageId) throws InterruptedException {
        return await(ChatFrames.Message.class, m -> m.messageId().equals(messageId));
    }

    /** The first receipt event of {@code status}, decoded. */
    ChatFrames.ReceiptEvent receiptEvent(String status) throws InterruptedException {
        return await(ChatFrames.ReceiptEvent.class, r -> r.status().equals(status));
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

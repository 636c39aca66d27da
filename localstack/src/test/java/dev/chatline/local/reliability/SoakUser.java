package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.e2e.Frames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One soak user with one device, across reconnects: what the device received (message ids, and every raw copy),
 * the receipt events for the user's own messages, and the app's behaviour — every message that arrives (live or
 * through sync) is answered with a {@code delivered} and a {@code read} receipt, each kept until the server
 * confirmed it and sent again after a reconnect otherwise; after every (re)connect the device syncs.
 */
final class SoakUser implements AutoCloseable {
    final String userId;
    final Set<String> received = ConcurrentHashMap.newKeySet();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong receiptsSent = new AtomicLong();
    private final AtomicLong gatewayErrors = new AtomicLong();
    /** messageId → statuses announced to this user (its own messages only). */
    final Map<String, Set<String>> events = new ConcurrentHashMap<>();
    /** messageId#status → the receipt frame, until the server acknowledged it. */
    private final Map<String, ObjectNode> unconfirmed = new ConcurrentHashMap<>();
    private final Harness harness;
    private volatile Peer peer;
    private int reconnects;

    SoakUser(Harness harness, String userId) {
        this.harness = harness;
        this.userId = userId;
        this.peer = connect();
    }

    Peer peer() {
        return peer;
    }

    /** Closes the connection, connects again and syncs, as an app does after losing its network. */
    void reconnect() throws InterruptedException {
        gatewayErrors.addAndGet(peer.gatewayErrors());
        peer.close();
        peer = connect();
        reconnects++;
        peer.syncAll(Harness.TIMEOUT);
        resendUnconfirmed();
    }

    /** API Gateway error frames over all of this user's connections. */
    long gatewayErrors() {
        return gatewayErrors.get() + peer.gatewayErrors();
    }

    int reconnects() {
        return reconnects;
    }

    private Peer connect() {
        Peer p = harness.connect(userId, "phone").countOnly();
        return p.onMessage(m -> received(p, m)).onReceipt(this::event);
    }

    private void received(Peer on, JsonNode message) {
        String id = message.path("messageId").asText();
        received.add(id);
        copies.incrementAndGet();
        if (userId.equals(message.path("from").path("userId").asText())) {
            return;
        }
        for (String status : new String[] {"delivered", "read"}) {
            ObjectNode receipt = Frames.receipt(message.path("chatId").asText(), status, List.of(id));
            unconfirmed.put(id + "#" + status, receipt);
            acknowledge(on, id + "#" + status, receipt);
        }
    }

    /**
     * Sends a receipt with a requestId and forgets it once acknowledged; one that fails, or whose connection goes
     * away first, is sent again after the next reconnect ({@link #resendUnconfirmed()}), as an app keeps a read
     * state until the server confirmed it.
     */
    private void acknowledge(Peer on, String key, ObjectNode receipt) {
        try {
            on.call(receipt.deepCopy()).thenAccept(reply -> {
                if (Frames.isType(reply, "ack")) {
                    unconfirmed.remove(key);
                }
            });
            receiptsSent.incrementAndGet();
        } catch (RuntimeException closed) {
            // the connection is going away: sent again after the reconnect
        }
    }

    /** Sends every receipt not confirmed yet again. */
    void resendUnconfirmed() {
        Peer on = peer;
        unconfirmed.forEach((key, receipt) -> acknowledge(on, key, receipt));
    }

    /** Receipts sent but not confirmed yet. */
    int unconfirmed() {
        return unconfirmed.size();
    }

    private void event(JsonNode receipt) {
        receipt.path("messageIds").forEach(id -> events.computeIfAbsent(id.asText(),
                k -> ConcurrentHashMap.newKeySet()).add(receipt.path("status").asText()));
    }

    @Override
    public void close() {
        peer.close();
    }
}

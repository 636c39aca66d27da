package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One soak user with one device, across reconnects: what the device received (message ids, and every raw copy),
 * the receipt events for the user's own messages, and the app's behaviour — every message that arrives (live or
 * through sync) is answered with a {@code delivered} and a {@code read} receipt (a sync page with one receipt per
 * chat and status), each kept until the server confirmed it and sent again after a reconnect otherwise; after
 * every (re)connect the device syncs.
 */
final class SoakUser implements AutoCloseable {
    private static final List<String> STATUSES = List.of("delivered", "read");
    final String userId;
    final Set<String> received = ConcurrentHashMap.newKeySet();
    final AtomicLong copies = new AtomicLong();
    final AtomicLong receiptsSent = new AtomicLong();
    private final AtomicLong gatewayErrors = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    /** messageId → statuses announced to this user (its own messages only). */
    final Map<String, Set<String>> events = new ConcurrentHashMap<>();
    /** messageId#status → the message's chat, until the server acknowledged that receipt. */
    private final Map<String, String> unconfirmed = new ConcurrentHashMap<>();
    /** Messages a running sync brought, by chat: acknowledged together when it ends. */
    private final Map<String, List<String>> synced = new ConcurrentHashMap<>();
    private volatile boolean syncing;
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
        lateReplies.addAndGet(peer.lateReplies());
        sendFailures.addAndGet(peer.sendFailures());
        peer.close();
        peer = connect();
        reconnects++;
        sync();
        resendUnconfirmed();
    }

    /** API Gateway error frames over all of this user's connections. */
    long gatewayErrors() {
        return gatewayErrors.get() + peer.gatewayErrors();
    }

    /** Replies that came after the request had timed out, over all of this user's connections. */
    long lateReplies() {
        return lateReplies.get() + peer.lateReplies();
    }

    /** Requests the device could not send at all (its own socket's write timed out), over all its connections. */
    long sendFailures() {
        return sendFailures.get() + peer.sendFailures();
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
        String chatId = message.path("chatId").asText();
        for (String status : STATUSES) {
            unconfirmed.put(id + "#" + status, chatId);
        }
        if (syncing) {
            synced.computeIfAbsent(chatId, c -> new ArrayList<>()).add(id);
        } else {
            for (String status : STATUSES) {
                acknowledge(on, chatId, status, List.of(id));
            }
        }
    }

    /**
     * Syncs, then acknowledges what the sync brought with one receipt per chat and status (as protocol.md advises
     * for a sync page), not one per message.
     */
    void sync() throws InterruptedException {
        synced.clear();
        syncing = true;
        try {
            peer.syncAll(Harness.TIMEOUT);
        } finally {
            syncing = false;
        }
        Map<String, List<String>> batch = new TreeMap<>(synced);
        synced.clear();
        batch.forEach((chatId, ids) -> STATUSES.forEach(status -> acknowledgeAll(peer, chatId, status, ids)));
    }

    /** Sends every receipt not confirmed yet again, one frame per chat and status. */
    void resendUnconfirmed() {
        Map<String, List<String>> byChatAndStatus = new TreeMap<>();
        unconfirmed.forEach((key, chatId) -> byChatAndStatus.computeIfAbsent(chatId + " "
                + key.substring(key.lastIndexOf('#') + 1), k -> new ArrayList<>()).add(key.substring(0,
                key.lastIndexOf('#'))));
        Peer on = peer;
        byChatAndStatus.forEach((chatAndStatus, ids) -> acknowledgeAll(on, chatAndStatus.split(" ")[0],
                chatAndStatus.split(" ")[1], ids));
    }

    private void acknowledgeAll(Peer on, String chatId, String status, List<String> ids) {
        for (int from = 0; from < ids.size(); from += 100) {
            acknowledge(on, chatId, status, ids.subList(from, Math.min(ids.size(), from + 100)));
        }
    }

    /**
     * Sends a receipt with a requestId and forgets its messages once acknowledged; one that fails, or whose
     * connection goes away first, is sent again after the next reconnect ({@link #resendUnconfirmed()}), as an app
     * keeps a read state until the server confirmed it.
     */
    private void acknowledge(Peer on, String chatId, String status, List<String> ids) {
        List<String> keys = ids.stream().map(id -> id + "#" + status).toList();
        try {
            on.call(Frames.receipt(chatId, status, ids)).thenAccept(reply -> {
                if (Frames.isType(reply, "ack")) {
                    keys.forEach(unconfirmed::remove);
                }
            });
            receiptsSent.incrementAndGet();
        } catch (RuntimeException closed) {
            // the connection is going away: sent again after the reconnect
        }
    }

    /** Receipts (message and status) sent but not confirmed yet. */
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

package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;
import java.util.List;
import java.util.UUID;

/**
 * A receipt that completes a status, so the sender must get one event: bob's {@code delivered} on alice's 1:1
 * message, his {@code read} without a {@code delivered} before it, his {@code read} after his own {@code delivered},
 * or carol's {@code read} that completes a group message bob has read already. The receipt is confirmed (with a
 * requestId) and retried until acknowledged; then the app's recovery runs: the receiving device syncs, and a message
 * that comes again is acknowledged again with the same status (protocol.md, "receipt"). Afterwards the sender syncs:
 * it must hold the event (live or from its inbox), and {@code receiptInfo} must count the status; a second sync of
 * the receiver must not bring the message again (it left the device's sync set).
 */
final class ReceiptScenario implements FaultScenario {
    /** Which receipt the case sends. */
    enum Variant {
        DIRECT_DELIVERED("receipt (1:1 delivered)", "delivered"),
        DIRECT_READ("receipt (1:1 read, not delivered before)", "read"),
        DIRECT_READ_AFTER_DELIVERED("receipt (1:1 read after delivered)", "read"),
        GROUP_READ_COMPLETES("receipt (group read, completes)", "read");

        final String label;
        final String status;

        Variant(String label, String status) {
            this.label = label;
            this.status = status;
        }
    }

    private final Harness harness;
    private final Variant variant;
    private Peer alice;
    private Peer bob;
    private Peer carol;
    private String chatId;
    private String messageId;
    private ClientRetry.Outcome receipt;

    ReceiptScenario(Harness harness, Variant variant) {
        this.harness = harness;
        this.variant = variant;
    }

    @Override
    public String name() {
        return variant.label;
    }

    @Override
    public String handler() {
        return "ReceiptHandler";
    }

    @Override
    public void prepare() throws Exception {
        close();
        alice = harness.connect(harness.user("alice"), "phone");
        bob = harness.connect(harness.user("bob"), "phone");
        String body = "receipt-" + UUID.randomUUID();
        if (variant == Variant.GROUP_READ_COMPLETES) {
            carol = harness.connect(harness.user("carol"), "phone");
            JsonNode info = alice.request(Frames.groupCreate("receipts", List.of(bob.userId, carol.userId)),
                    Harness.TIMEOUT);
            String groupId = info.path("groupId").asText();
            chatId = info.path("chatId").asText();
            messageId = ack(alice.request(Frames.sendToGroup(Frames.newClientMsgId(), groupId, body),
                    Harness.TIMEOUT)).path("messageId").asText();
            harness.awaitQuiet();
            ack(Deliveries.receipt(bob, chatId, "read", messageId).reply());
        } else {
            chatId = Frames.directChat(alice.userId, bob.userId);
            messageId = ack(alice.request(Frames.sendMessage(Frames.newClientMsgId(), bob.userId, body),
                    Harness.TIMEOUT)).path("messageId").asText();
            if (variant == Variant.DIRECT_READ_AFTER_DELIVERED) {
                harness.awaitQuiet();
                ack(Deliveries.receipt(bob, chatId, "delivered", messageId).reply());
            }
        }
        harness.awaitQuiet();
    }

    private static JsonNode ack(JsonNode reply) {
        if (reply == null || !Frames.isType(reply, "ack")) {
            throw new IllegalStateException("setup failed: " + reply);
        }
        return reply;
    }

    private Peer receiver() {
        return variant == Variant.GROUP_READ_COMPLETES ? carol : bob;
    }

    @Override
    public void operate() throws Exception {
        receipt = Deliveries.receipt(receiver(), chatId, variant.status, messageId);
    }

    @Override
    public Verdict verify() throws Exception {
        Verdict verdict = new Verdict().check(receipt.ok(), "the receipt was never acknowledged: " + receipt);
        Peer receiver = receiver();
        int before = receiver.copies(messageId);
        receiver.syncAll(Harness.TIMEOUT);
        if (receiver.copies(messageId) > before) {
            verdict.check(Deliveries.receipt(receiver, chatId, variant.status, messageId).ok(),
                    "the repeated receipt was refused");
        }
        harness.awaitQuiet();
        alice.syncAll(Harness.TIMEOUT);
        long events = Deliveries.receiptEvents(alice, messageId, variant.status);
        verdict.check(events > 0, "the sender's " + variant.status + " event was lost").duplicates(
                (int) Math.max(0, events - 1));
        JsonNode info = Deliveries.receiptInfo(alice, chatId, messageId);
        int recipients = variant == Variant.GROUP_READ_COMPLETES ? 2 : 1;
        String counter = "read".equals(variant.status) ? "readCount" : "deliveredCount";
        verdict.check(info != null && info.path(counter).asInt() == recipients
                && info.path("deliveredCount").asInt() == recipients, "receiptInfo counts: " + info);
        int afterSync = receiver.copies(messageId);
        receiver.syncAll(Harness.TIMEOUT);
        verdict.check(receiver.copies(messageId) == afterSync, "the message stayed in the receiver's sync set");
        return verdict;
    }

    @Override
    public void close() {
        for (Peer p : new Peer[] {alice, bob, carol}) {
            if (p != null) {
                p.close();
            }
        }
        carol = null;
    }
}

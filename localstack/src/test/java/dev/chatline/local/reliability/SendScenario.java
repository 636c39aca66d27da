package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;
import java.util.UUID;

/**
 * A 1:1 send: alice (one device) to bob, whose phone is connected and whose tablet is offline with a push token (so
 * the send posts live, writes an inbox row per device and publishes a push request). The client retries with the
 * same clientMsgId until it gets its {@code ack}. Then both of bob's devices sync: each must show the message
 * exactly once, and alice's {@code receiptInfo} must find the message's receipt header (one recipient).
 */
final class SendScenario implements FaultScenario {
    private final Harness harness;
    private Peer alice;
    private Peer bobPhone;
    private String bob;
    private String body;
    private ClientRetry.Outcome sent;

    SendScenario(Harness harness) {
        this.harness = harness;
    }

    @Override
    public String name() {
        return "send (1:1)";
    }

    @Override
    public String handler() {
        return "SendMessageHandler";
    }

    @Override
    public void prepare() throws Exception {
        close();
        alice = harness.connect(harness.user("alice"), "phone");
        bob = harness.user("bob");
        bobPhone = harness.connect(bob, "phone");
        try (Peer tablet = harness.connect(bob, "tablet")) {
            Push.register(tablet);
        }
        harness.awaitQuiet();
    }

    @Override
    public void operate() throws Exception {
        body = "send-" + UUID.randomUUID();
        String clientMsgId = Frames.newClientMsgId();
        sent = ClientRetry.until(alice, () -> Frames.sendMessage(clientMsgId, bob, body), ClientRetry.type("ack"),
                handler());
    }

    @Override
    public Verdict verify() throws Exception {
        Verdict verdict = new Verdict().check(sent.ok(), "alice never got her ack: " + sent);
        bobPhone.acknowledgeAll(Harness.TIMEOUT);
        bobPhone.syncAll(Harness.TIMEOUT);
        Deliveries.shownOnce(verdict, bobPhone, Deliveries.body(body), "the message");
        try (Peer tablet = harness.connect(bob, "tablet")) {
            tablet.syncAll(Harness.TIMEOUT);
            Deliveries.shownOnce(verdict, tablet, Deliveries.body(body), "the message");
        }
        if (sent.ok()) {
            JsonNode info = Deliveries.receiptInfo(alice, sent.reply().path("chatId").asText(),
                    sent.reply().path("messageId").asText());
            verdict.check(info != null && info.path("recipientCount").asInt() == 1,
                    "receiptInfo of the acked message: " + info);
        }
        return verdict;
    }

    @Override
    public void close() {
        if (alice != null) {
            alice.close();
            bobPhone.close();
        }
    }
}

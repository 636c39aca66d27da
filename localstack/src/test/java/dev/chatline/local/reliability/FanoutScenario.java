package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A group send that goes through the fan-out queue: a group of {@value #MEMBERS} users (more than the 16 a send
 * posts to itself), {@value #OFFLINE} of them offline with push tokens. The sender retries until its {@code ack};
 * the fan-out consumer posts to the online members and publishes push requests for the offline ones. Afterwards
 * every online member acknowledges what it got live (and syncs if the message did not come live), every offline
 * one reconnects and syncs: each must show the message exactly once. The group is built once and kept for every case.
 */
final class FanoutScenario implements FaultScenario {
    static final int MEMBERS = 18;
    static final int OFFLINE = 3;
    private final Harness harness;
    private final List<Peer> online = new ArrayList<>();
    private final List<String> offline = new ArrayList<>();
    private Peer sender;
    private String groupId;
    private String body;
    private ClientRetry.Outcome sent;

    FanoutScenario(Harness harness) {
        this.harness = harness;
    }

    @Override
    public String name() {
        return "fan-out (group of " + MEMBERS + ", " + OFFLINE + " offline)";
    }

    @Override
    public String handler() {
        return "SendMessageHandler";
    }

    @Override
    public void prepare() throws Exception {
        if (groupId == null) {
            build();
        }
        harness.awaitQuiet();
    }

    private void build() throws Exception {
        sender = harness.connect(harness.user("sender"), "phone");
        List<String> userIds = new ArrayList<>();
        for (int i = 1; i < MEMBERS; i++) {
            String user = harness.user("member");
            userIds.add(user);
            Peer device = harness.connect(user, "phone");
            if (i <= OFFLINE) {
                Push.register(device);
                device.close();
                offline.add(user);
            } else {
                online.add(device);
            }
        }
        JsonNode info = sender.request(Frames.groupCreate("fan-out", userIds), Harness.TIMEOUT);
        if (info == null || !Frames.isType(info, "groupInfo")) {
            throw new IllegalStateException("groupCreate failed: " + info);
        }
        groupId = info.path("groupId").asText();
        harness.awaitQuiet();
        operate(); // warm-up: cold starts, device caches; acknowledged by verify()
        harness.awaitQuiet();
        verify();
    }

    @Override
    public void operate() throws Exception {
        body = "fanout-" + UUID.randomUUID();
        String clientMsgId = Frames.newClientMsgId();
        sent = ClientRetry.until(sender, () -> Frames.sendToGroup(clientMsgId, groupId, body),
                ClientRetry.type("ack"), handler());
    }

    @Override
    public Verdict verify() throws Exception {
        Verdict verdict = new Verdict().check(sent.ok(), "the sender never got its ack: " + sent);
        for (Peer member : online) {
            member.acknowledgeAll(Harness.TIMEOUT);
            if (member.messageFrames().stream().noneMatch(Deliveries.body(body))) {
                member.syncAll(Harness.TIMEOUT); // not delivered live: it must be waiting in the inbox
                member.acknowledgeAll(Harness.TIMEOUT);
            }
            Deliveries.shownOnce(verdict, member, Deliveries.body(body), "the message");
        }
        for (String user : offline) {
            try (Peer device = harness.connect(user, "phone")) {
                device.syncAll(Harness.TIMEOUT);
                Deliveries.shownOnce(verdict, device, Deliveries.body(body), "the message");
                device.acknowledgeAll(Harness.TIMEOUT);
            }
        }
        return verdict;
    }

    @Override
    public void close() {
        online.forEach(Peer::close);
        if (sender != null) {
            sender.close();
        }
    }
}

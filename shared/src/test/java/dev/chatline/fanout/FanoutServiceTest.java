package dev.chatline.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.Json;
import dev.chatline.testing.ConnectedMessagingTestBase;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


class FanoutServiceTest extends ConnectedMessagingTestBase {

    @Override
    protected String environmentName() {
        return "fanout";
    }

    @Override
    protected int sendRatePermits() {
        return 1000;
    }

    @BeforeEach
    void reset() {
        endpoint.clear();
        while (!f.env.drain(f.env.pushCaptureQueueUrl).isEmpty()) {
            // drained
        }
    }

    /**
     * Sends (before any test connection exists, so the send itself only pushes, drained here) and returns the job
     * the fan-out queue would carry for it: the message frame for every device of the recipient and the sender's
     * other devices.
     */
    private FanoutJob sendAndTakeJob(Identity from, String to, String body) {
        JsonNode ack = f.sendText(from, to, body);
        f.env.drainAll(f.env.pushCaptureQueueUrl);
        StoredMessage m = f.messages.get(new MessageRef(ack.get("chatId").asText(), ack.get("seq").asLong()))
                .orElseThrow();
        List<FanoutJob.Target> targets = new ArrayList<>();
        f.devices.deviceIds(to).forEach(d -> targets.add(new FanoutJob.Target(to, d)));
        f.devices.deviceIds(from.userId()).stream().filter(d -> !d.equals(from.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(from.userId(), d)));
        return new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets);
    }

    private List<JsonNode> pushRequests(int expected) {
        List<JsonNode> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            f.env.drain(f.env.pushCaptureQueueUrl).forEach(m -> got.add(Json.read(m.body())));
            return got.size() >= expected;
        });
        return got;
    }

    private static String entry(FanoutJob job) {
        return InboxStore.messageEntryKey(new MessageRef(job.chatId(), job.seq()));
    }

    private List<String> inboxOf(String deviceKey) {
        return f.inbox.page(DeviceRef.parse(deviceKey), Optional.empty(), 100).entries().stream().map(InboxStore.Entry::entryKey)
                .toList();
    }

    @Test
    void onlineDevicesGetTheFrameAndAnOfflineDeviceGetsOnePushRequestWithoutTheBody() {
        Identity alice = f.device("alice", "phone");
        Identity bobPhone = f.device("bob", "phone");
        f.device("bob", "tablet");
        FanoutJob job = sendAndTakeJob(alice, "bob", "secret body");
        f.connect(bobPhone, "c-bob-phone-1");
        f.connect(bobPhone, "c-bob-phone-2");

        f.fanout.deliver(job);

        for (String c : List.of("c-bob-phone-1", "c-bob-phone-2")) {
            assertThat(endpoint.framesTo(c)).singleElement().satisfies(frame -> {
                JsonNode n = Json.read(frame);
                assertThat(n.get("type").asText()).isEqualTo("message");
                assertThat(n.get("messageId").asText()).isEqualTo(job.eventId());
            });
        }
        List<JsonNode> pushes = pushRequests(1);
        assertThat(pushes).singleElement().satisfies(p -> {
            assertThat(p.get("kind").asText()).isEqualTo("message");
            assertThat(p.get("userId").asText()).isEqualTo("bob");
            assertThat(p.get("deviceId").asText()).isEqualTo("tablet");
            assertThat(p.get("chatId").asText()).isEqualTo("d:alice:bob");
            assertThat(p.get("messageId").asText()).isEqualTo(job.eventId());
            assertThat(p.get("seq").asLong()).isEqualTo(job.seq());
            assertThat(p.toString()).doesNotContain("secret body");
        });
        assertThat(inboxOf("bob#phone")).contains(entry(job)); // kept until bob's receipt
        assertThat(inboxOf("bob#tablet")).contains(entry(job));
    }

    @Test
    void goneConnectionIsDeletedAndItsDeviceFallsBackToPush() {
        Identity carol = f.device("carol", "phone");
        Identity dan = f.device("dan", "phone");
        FanoutJob job = sendAndTakeJob(carol, "dan", "hi");
        f.connect(dan, "c-dan-dead");
        endpoint.answer("c-dan-dead", 410);

        f.fanout.deliver(job);

        assertThat(f.connections.get("c-dan-dead")).isEmpty();
        assertThat(pushRequests(1)).singleElement().satisfies(p ->
                assertThat(p.get("deviceId").asText()).isEqualTo("phone"));
    }

    @Test
    void copiesOfOwnMessagesLeaveTheInboxOncePosted() {
        Identity eve = f.device("eve", "phone");
        Identity eveLaptop = f.device("eve", "laptop");
        f.device("fay", "phone");
        FanoutJob job = sendAndTakeJob(eve, "fay", "hi");
        f.connect(eveLaptop, "c-eve-laptop");
        assertThat(inboxOf("eve#laptop")).contains(entry(job));

        f.fanout.deliver(job);

        assertThat(endpoint.framesTo("c-eve-laptop")).hasSize(1);
        assertThat(inboxOf("eve#laptop")).doesNotContain(entry(job));
        assertThat(inboxOf("fay#phone")).contains(entry(job));
    }

    @Test
    void receiptEventForAnOfflineDeviceIsStoredInItsInbox() {
        f.device("gus", "phone");
        var frame = Json.object().put("type", "receipt").put("status", "read");
        FanoutJob job = new FanoutJob(FanoutJob.RECEIPT, "d:gus:hal", "evt-123", 0, "hal", frame,
                List.of(new FanoutJob.Target("gus", "phone")));

        f.fanout.deliver(job);

        assertThat(f.inbox.page(DeviceRef.parse("gus#phone"), Optional.empty(), 100).entries()).singleElement()
                .satisfies(e -> assertThat(Json.read(e.frame().orElseThrow()).get("status").asText())
                        .isEqualTo("read"));
    }

    /**
     * A connection that keeps answering 429: the in-process retries post to it {@value LiveDelivery#POST_ATTEMPTS}
     * times, then the target alone goes back to the queue as the job's next attempt (so the devices already
     * reached are never posted to again); after the last attempt it falls back to a push and its inbox row.
     */
    @Test
    void throttledTargetIsRetriedThroughTheQueueAloneThenFallsBackToPush() {
        Identity ida = f.device("ida", "phone");
        Identity jim = f.device("jim", "phone");
        f.device("jim", "tablet");
        FanoutJob job = sendAndTakeJob(ida, "jim", "hi");
        f.connect(jim, "c-jim-throttled");
        f.connect(new Identity("jim", "tablet"), "c-jim-tablet");
        endpoint.answer("c-jim-throttled", 429);
        f.env.drainAll(f.env.fanoutQueueUrl);

        f.fanout.deliver(job);

        assertThat(endpoint.framesTo("c-jim-tablet")).hasSize(1);
        FanoutJob retry = FanoutJob.fromJson(f.env.drainAll(f.env.fanoutQueueUrl).get(0).body());
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.eventId()).isEqualTo(job.eventId());
        assertThat(retry.targets()).containsExactly(new FanoutJob.Target("jim", "phone"));
        assertThat(f.connections.get("c-jim-throttled")).isPresent();
        assertThat(inboxOf("jim#phone")).contains(entry(job));

        FanoutJob last = retry;
        for (int i = 2; i < FanoutService.MAX_ATTEMPTS; i++) {
            f.fanout.deliver(last);
            last = FanoutJob.fromJson(f.env.drainAll(f.env.fanoutQueueUrl).get(0).body());
        }
        f.fanout.deliver(last);
        assertThat(f.env.drainAll(f.env.fanoutQueueUrl)).isEmpty();
        assertThat(pushRequests(1)).singleElement().satisfies(p ->
                assertThat(p.get("deviceId").asText()).isEqualTo("phone"));
        assertThat(endpoint.framesTo("c-jim-tablet")).as("never posted twice").hasSize(1);
    }

    /**
     * The send looks connections up before it writes (round 1); a device that connects in between — here, just
     * before the transaction — is looked up again after the writes and gets the message live instead of a push.
     */
    @Test
    void aDeviceThatConnectsWhileTheSendIsWritingGetsTheMessageLive() {
        Identity kim = f.device("kim", "phone");
        Identity lou = f.device("lou", "phone");
        f.sendText(kim, "lou", "warm up the device cache");
        f.env.drainAll(f.env.pushCaptureQueueUrl);
        java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean();
        var connectsNow = Interceptors.before(
                software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest.class, t -> {
                    if (connected.compareAndSet(false, true)) {
                        f.connect(lou, "c-lou-late");
                    }
                });
        MessagingFixture racing = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(connectsNow)), f.clock);
        try {
            String id = racing.sendText(kim, "lou", "just in time").get("messageId").asText();

            assertThat(connected).isTrue();
            assertThat(endpoint.framesTo("c-lou-late")).singleElement()
                    .satisfies(frame -> assertThat(Json.read(frame).get("messageId").asText()).isEqualTo(id));
            assertThat(f.env.drainAll(f.env.pushCaptureQueueUrl)).as("no push: the device was reached").isEmpty();
        } finally {
            racing.close();
        }
    }

    /**
     * SNS refuses the push requests (throttled): the devices already posted to are not posted to again; only the
     * offline device goes back to the queue, as the job's next attempt, whose delivery publishes its push.
     */
    @Test
    void pushRequestsThatCannotBePublishedAreRetriedAloneWithoutPostingAgain() {
        Identity max = f.device("max", "phone");
        Identity ned = f.device("ned", "phone");
        f.device("ned", "tablet");
        FanoutJob job = sendAndTakeJob(max, "ned", "hi");
        f.connect(ned, "c-ned-phone");
        f.env.drainAll(f.env.fanoutQueueUrl);
        MessagingFixture throttled = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(Interceptors.failing(software.amazon.awssdk.services.sns.model.PublishBatchRequest.class,
                        "throttled"))), f.clock);
        try {
            throttled.fanout.deliver(job);
        } finally {
            throttled.close();
        }

        assertThat(endpoint.framesTo("c-ned-phone")).hasSize(1);
        FanoutJob retry = FanoutJob.fromJson(f.env.drainAll(f.env.fanoutQueueUrl).get(0).body());
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.targets()).containsExactly(new FanoutJob.Target("ned", "tablet"));

        f.fanout.deliver(retry);

        assertThat(pushRequests(1)).singleElement().satisfies(p ->
                assertThat(p.get("deviceId").asText()).isEqualTo("tablet"));
        assertThat(endpoint.framesTo("c-ned-phone")).as("never posted twice").hasSize(1);
    }
}

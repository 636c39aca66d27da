package dev.chatline.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendServiceTest {
    private MessagingFixture f;
    private Identity alicePhone;
    private Identity aliceLaptop;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "send", null, Map.of(
                MessagingSettings.SEND_RATE_PERMITS, "1000")));
        alicePhone = f.device("alice", "phone");
        aliceLaptop = f.device("alice", "laptop");
        f.device("bob", "phone");
        f.device("bob", "tablet");
    }

    @AfterAll
    void close() {
        f.close();
    }

    private String errorOf(Runnable r) {
        try {
            r.run();
        } catch (ProtocolException e) {
            return e.code().name();
        }
        throw new AssertionError("no ProtocolException");
    }

    @Test
    void sendStoresMessageHeaderInboxRowsIdempotencyAndPushesEveryOfflineDevice() {
        pushRequests();
        SendMessage req = SendMessage.direct(java.util.UUID.randomUUID().toString(), "bob", "hello",
                "text/plain");
        JsonNode ack = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req), "r1"));

        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("requestId").asText()).isEqualTo("r1");
        assertThat(ack.get("clientMsgId").asText()).isEqualTo(req.clientMsgId());
        assertThat(ack.get("chatId").asText()).isEqualTo("d:alice:bob");
        long seq = ack.get("seq").asLong();
        String messageId = ack.get("messageId").asText();
        assertThat(MessageIds.seqOf(messageId)).hasValue(seq);
        assertThat(ack.get("serverTs").asLong()).isEqualTo(f.clock.millis());

        StoredMessage m = f.messages.get(new MessageRef("d:alice:bob", seq)).orElseThrow();
        assertThat(m.body()).isEqualTo("hello");
        assertThat(m.contentType()).isEqualTo("text/plain");
        assertThat(m.senderDeviceId()).isEqualTo("phone");
        assertThat(m.recipientCount()).isEqualTo(1);
        assertThat(m.expiresAt()).isEqualTo(f.clock.instant().plus(java.time.Duration.ofDays(30)).getEpochSecond());
        assertThat(f.idempotency.get("alice", req.clientMsgId()).orElseThrow().messageId()).isEqualTo(messageId);
        var header = f.receipts.header(m.ref()).orElseThrow();
        assertThat(header.messageId()).isEqualTo(messageId);
        assertThat(header.senderUserId()).isEqualTo("alice");
        assertThat(header.recipientCount()).isEqualTo(1);
        assertThat(header.deliveredCount()).isZero();

        String entry = InboxStore.messageEntryKey(m.ref());
        for (String device : List.of("bob#phone", "bob#tablet", "alice#laptop")) {
            assertThat(f.inbox.page(DeviceRef.parse(device), Optional.empty(), 100).entries())
                    .extracting(InboxStore.Entry::entryKey).as(device).contains(entry);
        }
        assertThat(f.inbox.page(DeviceRef.parse("alice#phone"), Optional.empty(), 100).entries())
                .extracting(InboxStore.Entry::entryKey).doesNotContain(entry);

        // a 1:1 chat is delivered by the send itself: no fan-out job; every device is offline, so each gets one push
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).isEmpty();
        assertThat(pushRequests()).extracting(p -> p.get("userId").asText() + "#" + p.get("deviceId").asText()
                + " " + p.get("messageId").asText()).containsExactlyInAnyOrder("bob#phone " + messageId,
                "bob#tablet " + messageId, "alice#laptop " + messageId);
    }

    @Test
    void sameClientMsgIdTwiceYieldsOneMessageAndTheSameAck() {
        SendMessage req = MessagingFixture.text("bob", "once");
        JsonNode first = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));
        f.clock.advance(java.time.Duration.ofSeconds(3));
        JsonNode second = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));
        assertThat(second).isEqualTo(first);
        JsonNode next = f.sendText(alicePhone, "bob", "after");
        // the retry's own seq stayed a gap
        assertThat(next.get("seq").asLong()).isEqualTo(first.get("seq").asLong() + 2);
    }

    /**
     * A retry long after the original (whose delivery finished or was taken over by the inbox) is acked without
     * delivering again; within {@link SendService#REDELIVERY_WINDOW} it is delivered again, since the original
     * may have died between its transaction and its posts.
     */
    @Test
    void aRecentRetryIsDeliveredAgainALateOneOnlyAcked() {
        SendMessage req = MessagingFixture.text("bob", "retry");
        pushRequests();
        JsonNode first = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));
        assertThat(pushedMessageIds()).containsOnly(first.get("messageId").asText()).hasSize(3);

        f.clock.advance(java.time.Duration.ofSeconds(10));
        assertThat(Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)))).isEqualTo(first);
        assertThat(pushedMessageIds()).containsOnly(first.get("messageId").asText()).hasSize(3);

        f.clock.advance(SendService.REDELIVERY_WINDOW);
        assertThat(Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)))).isEqualTo(first);
        assertThat(pushedMessageIds()).isEmpty();
    }

    /**
     * The send dies after its transaction (here: neither the push requests nor, in their place, a retry job can be
     * written); the retry delivers it.
     */
    @Test
    void retryOfASendThatDiedAfterItsTransactionDeliversIt() {
        SendMessage req = MessagingFixture.text("bob", "half done");
        var snsDown = Interceptors.failing(software.amazon.awssdk.services.sns.model.SnsRequest.class,
                "SNS unavailable");
        var sqsDown = Interceptors.failing(software.amazon.awssdk.services.sqs.model.SqsRequest.class,
                "SQS unavailable");
        SendService failing = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(snsDown, sqsDown)), f.clock).send;
        pushRequests();
        assertThatThrownBy(() -> ProtocolJson.encode(
                failing.send(alicePhone, req))).hasMessageContaining("SQS unavailable");
        assertThat(f.idempotency.get("alice", req.clientMsgId())).isPresent();
        assertThat(pushRequests()).isEmpty();

        JsonNode ack = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));

        assertThat(pushedMessageIds()).containsOnly(ack.get("messageId").asText()).hasSize(3);
    }

    /**
     * SNS refuses the push requests: the message is stored and acked all the same, and the offline devices go to the
     * fan-out queue as a retry job, whose delivery pushes them.
     */
    @Test
    void pushRequestsSnsRefusesAreRetriedThroughTheQueueAndTheSendIsAcked() {
        SendMessage req = MessagingFixture.text("bob", "push later");
        var snsDown = Interceptors.failing(software.amazon.awssdk.services.sns.model.SnsRequest.class,
                "SNS unavailable");
        SendService failing = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(snsDown)), f.clock).send;
        pushRequests();

        JsonNode ack = Json.read(ProtocolJson.encode(failing.send(alicePhone, req)));

        assertThat(ack.get("type").asText()).isEqualTo("ack");
        FanoutJob retry = FanoutJob.fromJson(f.env.drainAll(f.env.fanoutQueueUrl).get(0).body());
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.targets()).extracting(t -> t.device().key())
                .containsExactlyInAnyOrder("bob#phone", "bob#tablet", "alice#laptop");
        f.fanout.deliver(retry);
        assertThat(pushedMessageIds()).containsOnly(ack.get("messageId").asText()).hasSize(3);
    }

    /**
     * The original died before writing its tail (here: the batch write of the inbox rows and the header fails); a
     * retry long after the redelivery window still writes the tail, so the recipient gets the message on sync and
     * can acknowledge it.
     */
    @Test
    void aLateRetryOfASendThatDiedBeforeItsTailWritesTheTail() {
        SendMessage req = MessagingFixture.text("bob", "no tail");
        var batchDown = Interceptors.failing(
                software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest.class, "batch write failed");
        SendService failing = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(batchDown)), f.clock).send;
        assertThatThrownBy(() -> ProtocolJson.encode(
                failing.send(alicePhone, req))).hasMessageContaining("batch write failed");
        StoredMessage stored = f.messages.get(f.idempotency.get("alice", req.clientMsgId()).orElseThrow().ref())
                .orElseThrow();
        assertThat(f.receipts.header(stored.ref())).isEmpty();
        pushRequests();

        f.clock.advance(SendService.REDELIVERY_WINDOW.plusMinutes(10));
        JsonNode ack = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));

        assertThat(ack.get("messageId").asText()).isEqualTo(stored.messageId());
        assertThat(f.receipts.header(stored.ref())).isPresent();
        assertThat(f.inbox.page(DeviceRef.parse("bob#phone"), Optional.empty(), 100).entries())
                .extracting(InboxStore.Entry::entryKey).contains(InboxStore.messageEntryKey(stored.ref()));
        assertThat(pushRequests()).as("too late to post again: the inbox serves it").isEmpty();
    }

    /** Once a recipient acknowledged the message, a replay is only acked: replays cannot re-post it to anyone. */
    @Test
    void aRetryOfAnAcknowledgedMessageIsNotPostedAgain() {
        SendMessage req = MessagingFixture.text("bob", "seen");
        JsonNode first = Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)));
        f.receiptService.apply(new Identity("bob", "phone"), new Receipt(
                "d:alice:bob", List.of(first.get("messageId").asText()), "delivered"));
        pushRequests();

        assertThat(Json.read(ProtocolJson.encode(f.send.send(alicePhone, req)))).isEqualTo(first);

        assertThat(pushRequests()).isEmpty();
    }

    /** Drains the push topic's capture queue: the push requests published since the last call. */
    private List<JsonNode> pushRequests() {
        List<JsonNode> got = new ArrayList<>();
        for (List<Message> m = f.env.drain(f.env.pushCaptureQueueUrl); !m.isEmpty();
             m = f.env.drain(f.env.pushCaptureQueueUrl)) {
            m.forEach(x -> got.add(Json.read(x.body())));
        }
        return got;
    }

    private List<String> pushedMessageIds() {
        return pushRequests().stream().map(p -> p.get("messageId").asText()).toList();
    }

    @Test
    void retryFromAnotherDeviceOfTheSameUserIsTheSameMessage() {
        SendMessage req = MessagingFixture.text("bob", "dup");
        assertThat(Json.read(ProtocolJson.encode(f.send.send(aliceLaptop, req))))
                .isEqualTo(Json.read(ProtocolJson.encode(f.send.send(alicePhone, req))));
    }

    @Test
    void seqIsStrictlyIncreasingUnderConcurrentSends() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> sends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Identity from = i % 2 == 0 ? alicePhone : aliceLaptop;
                sends.add(() -> f.sendText(from, "carol", "m").get("seq").asLong());
            }
            f.device("carol", "phone");
            List<Long> seqs = new ArrayList<>();
            for (Future<Long> fu : pool.invokeAll(sends)) {
                seqs.add(fu.get());
            }
            assertThat(seqs).hasSize(40).doesNotHaveDuplicates().allMatch(s -> s >= 1);
            Collections.sort(seqs);
            // every acked seq holds exactly the message that was acked for it, in ULID (time) order
            List<String> ids = seqs.stream().map(s -> f.messages.get(new MessageRef("d:alice:carol", s))
                    .orElseThrow().messageId()).toList();
            assertThat(ids).allMatch(id -> MessageIds.seqOf(id).isPresent());
            assertThat(ids).extracting(id -> MessageIds.seqOf(id).getAsLong()).containsExactlyElementsOf(seqs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Deterministic race (moto's transactions are not atomic under real concurrency): another send of the same
     * clientMsgId commits just before this send's transaction.
     */
    @Test
    void sendThatLosesTheRaceForItsClientMsgIdReturnsTheWinnersAck() {
        SendMessage req = MessagingFixture.text("bob", "race");
        java.util.concurrent.atomic.AtomicReference<String> winner = new java.util.concurrent.atomic.AtomicReference<>();
        var racer = Interceptors.before(
                software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest.class, t -> {
                    if (winner.get() == null) {
                        winner.set(ProtocolJson.encode(f.send.send(aliceLaptop, req)));
                    }
                });
        SendService loser = new MessagingFixture(f.env, new dev.chatline.aws.AwsClients(f.env.config,
                List.of(racer)), f.clock).send;

        JsonNode ack = Json.read(ProtocolJson.encode(loser.send(alicePhone, req)));

        JsonNode won = Json.read(winner.get());
        assertThat(ack).isEqualTo(won);
        assertThat(f.messages.get(new MessageRef("d:alice:bob", ack.get("seq").asLong()))).isPresent();
        // the loser's seq (allocated just before the winner's) stays an unused gap
        assertThat(f.messages.get(new MessageRef("d:alice:bob", ack.get("seq").asLong() - 1))
                .map(StoredMessage::body)).isNotEqualTo(Optional.of("race"));
    }

    @Test
    void sendingToYourselfIsInvalid() {
        assertThat(errorOf(() -> ProtocolJson.encode(f.send.send(alicePhone, MessagingFixture.text("alice", "me")))))
                .isEqualTo(ErrorCode.INVALID_FIELD.name());
    }

    @Test
    void recipientWithoutDeviceIsUnknown() {
        assertThat(errorOf(() -> ProtocolJson.encode(f.send.send(alicePhone, MessagingFixture.text("nobody", "hi")))))
                .isEqualTo(ErrorCode.UNKNOWN_RECIPIENT.name());
    }

    @Test
    void reusingAClientMsgIdForAnotherChatIsRefused() {
        SendMessage req = MessagingFixture.text("bob", "x");
        ProtocolJson.encode(f.send.send(alicePhone, req));
        SendMessage other = SendMessage.direct(req.clientMsgId(), "carol", "x", null);
        f.device("carol", "phone");
        assertThat(errorOf(() -> ProtocolJson.encode(
                f.send.send(alicePhone, other)))).isEqualTo(ErrorCode.INVALID_FIELD.name());
    }

    @Test
    void sendsBeyondTheRateLimitAreRefusedWithRetryAfterRetriesIncluded(MotoServer moto) {
        MessagingFixture limited = new MessagingFixture(TestEnv.provision(moto, "sendlimit", null, Map.of(
                MessagingSettings.SEND_RATE_PERMITS, "3", MessagingSettings.SEND_RATE_WINDOW_SECONDS, "10")));
        try {
            Identity dave = limited.device("dave", "phone");
            limited.device("erin", "phone");
            SendMessage first = MessagingFixture.text("erin", "m0");
            String firstAck = ProtocolJson.encode(limited.send.send(dave, first));
            // a retry counts like any send (the limit comes before any other work) and gets its original ack
            assertThat(ProtocolJson.encode(limited.send.send(dave, first))).isEqualTo(firstAck);
            long m1 = limited.sendText(dave, "erin", "m1").get("seq").asLong();
            assertThat(m1).isEqualTo(3); // seq 2 went to the retry, which learns it is one only in its transaction
            assertThatThrownBy(() -> limited.sendText(dave, "erin", "one too many"))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                        assertThat(e.retryAfterMs()).isBetween(1L, 10_000L);
                    });
            limited.clock.advance(java.time.Duration.ofSeconds(10));
            // the refused send's seq allocation runs beside its rate limit in the first round: whether it was made
            // before the refusal depends on timing, so seq 4 is either a gap or the next message's; never reused
            assertThat(limited.sendText(dave, "erin", "next window").get("seq").asLong()).isBetween(m1 + 1, m1 + 2);
        } finally {
            limited.close();
        }
    }
}

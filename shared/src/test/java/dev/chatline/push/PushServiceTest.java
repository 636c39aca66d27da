package dev.chatline.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.PushPublisher.PushRequest;
import dev.chatline.observability.Metrics;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.RecordingMetrics;
import dev.chatline.testing.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The push rules on moto's DynamoDB, with a scripted FCM sender (the Firebase path runs in PushE2eTest). */
@ExtendWith(MotoExtension.class)
class PushServiceTest {
    private static ChatConfig config;
    private static DynamoDbClient ddb;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final ScriptedSender fcm = new ScriptedSender();
    private final List<Duration> pauses = new ArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private PushTokenStore tokens;
    private DeviceAccountStore devices;
    private PushService service;
    private static int users;
    /** Small batches, so the batching is visible with a handful of devices (FCM's limit is 500). */
    private static final int BATCH = 2;
    private static final Duration LEASE = Duration.ofSeconds(10);

    @BeforeAll
    static void tables(MotoServer moto) {
        config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(), ChatConfig.STAGE,
                "pushsvc"));
        ddb = new AwsClients(config).dynamoDb();
        TestTables.createAll(ddb, config);
    }

    @BeforeEach
    void service() {
        tokens = new PushTokenStore(ddb, config);
        devices = new DeviceAccountStore(ddb, config, clock);
        service = new PushService(tokens, new PushWindowStore(ddb, config), devices, fcm,
                new PushSettings(Duration.ofSeconds(60), 3, Duration.ofMillis(200), BATCH, LEASE), clock, pauses::add, metrics);
    }

    /** Answers each sendEach call with the next scripted outcome for every notification; records the calls. */
    static final class ScriptedSender implements PushSender {
        final Deque<Outcome> script = new ArrayDeque<>();
        final List<List<Notification>> calls = new ArrayList<>();

        @Override
        public List<Outcome> sendEach(List<Notification> batch) {
            calls.add(batch);
            Outcome o = script.isEmpty() ? Outcome.SENT : script.poll();
            return batch.stream().map(n -> o).toList();
        }

        int sent() {
            return calls.stream().mapToInt(List::size).sum();
        }
    }

    private String deviceWithToken(String token) {
        String user = "u" + (++users);
        devices.register(new Identity(user, "phone"));
        tokens.put(new PushToken(user, "phone", PushPlatform.ANDROID, token, clock.millis()));
        return user;
    }

    private PushRequest request(String user, String chatId, long seq) {
        return new PushRequest("message", user, "phone", chatId, "m-" + seq, seq, clock.millis());
    }

    @Test
    void aDeviceGetsOnePushPerChatWithinTheWindowAndAnotherAfterIt() {
        String bob = deviceWithToken("t-window");
        service.deliver(List.of(request(bob, "d:a:" + bob, 1)));
        clock.advance(Duration.ofSeconds(30));
        service.deliver(List.of(request(bob, "d:a:" + bob, 2), request(bob, "d:c:" + bob, 3)));
        assertThat(fcm.calls).flatExtracting(c -> c).extracting(PushSender.Notification::messageId)
                .containsExactly("m-1", "m-3");

        clock.advance(Duration.ofSeconds(31)); // the first chat's window is over
        service.deliver(List.of(request(bob, "d:a:" + bob, 4)));
        assertThat(fcm.sent()).isEqualTo(3);
        assertThat(metrics.get(Metrics.PUSHES_SKIPPED)).isEqualTo(1);
    }

    @Test
    void aDeviceThatWasOnlineSinceTheLastPushIsPushedAgainWithinTheWindow() {
        String bob = deviceWithToken("t-online");
        service.deliver(List.of(request(bob, "d:a:" + bob, 1)));
        clock.advance(Duration.ofSeconds(5));
        devices.register(new Identity(bob, "phone")); // it connected (and went away again)
        clock.advance(Duration.ofSeconds(5));
        service.deliver(List.of(request(bob, "d:a:" + bob, 2)));
        assertThat(fcm.sent()).isEqualTo(2);
    }

    @Test
    void oneBatchPushesADeviceOncePerChatNamingTheLatestMessage() {
        String bob = deviceWithToken("t-batch");
        service.deliver(List.of(request(bob, "d:a:" + bob, 7), request(bob, "d:a:" + bob, 9),
                request(bob, "d:a:" + bob, 8)));
        assertThat(fcm.calls).singleElement().satisfies(c -> assertThat(c).extracting(
                PushSender.Notification::messageId).containsExactly("m-9"));
    }

    /** The push function dies (timeout, out of memory, lost instance): an Error nothing in it catches. */
    static final class Crash extends Error {
        Crash() {
            super("injected crash");
        }
    }

    /**
     * The function dies after claiming the window and before FCM got the push (the crash is injected into the
     * send): the claim holds the chat back for its short lease only, not for the window, so the next message pushes
     * then — and so does Lambda's retry of the crashed invocation.
     */
    @Test
    void aCrashBetweenClaimAndSendDelaysTheChatsNextPushByTheLeaseAtMost() {
        String bob = deviceWithToken("t-crash");
        PushService crashing = new PushService(tokens, new PushWindowStore(ddb, config), devices, batch -> {
            throw new Crash();
        }, new PushSettings(Duration.ofSeconds(60), 3, Duration.ofMillis(200), BATCH, LEASE), clock, pauses::add,
                metrics);
        PushRequest first = request(bob, "d:a:" + bob, 1);
        assertThatThrownBy(() -> crashing.deliver(List.of(first))).isInstanceOf(Crash.class);

        clock.advance(LEASE.minusSeconds(1));
        service.deliver(List.of(request(bob, "d:a:" + bob, 2)));
        assertThat(fcm.sent()).as("a concurrent push waits while the claim's lease runs").isZero();

        clock.advance(Duration.ofSeconds(2)); // the lease is over, the 60 s window is not
        service.deliver(List.of(request(bob, "d:a:" + bob, 3)));
        assertThat(fcm.calls).flatExtracting(c -> c).extracting(PushSender.Notification::messageId)
                .containsExactly("m-3");

        clock.advance(Duration.ofSeconds(1));
        service.deliver(List.of(first)); // Lambda retries the crashed invocation: the chat was just pushed
        assertThat(fcm.sent()).as("the confirmed push starts the window").isEqualTo(1);
    }

    /** Lambda's retry of an invocation that died before sending pushes, once the lease is over. */
    @Test
    void theRetryOfAnInvocationThatDiedBeforeSendingPushes() {
        String bob = deviceWithToken("t-crash-retry");
        PushService crashing = new PushService(tokens, new PushWindowStore(ddb, config), devices, batch -> {
            throw new Crash();
        }, new PushSettings(Duration.ofSeconds(60), 3, Duration.ofMillis(200), BATCH, LEASE), clock, pauses::add,
                metrics);
        PushRequest request = request(bob, "d:a:" + bob, 1);
        assertThatThrownBy(() -> crashing.deliver(List.of(request))).isInstanceOf(Crash.class);

        clock.advance(Duration.ofMinutes(1)); // Lambda's first retry of an asynchronous invocation
        service.deliver(List.of(request));

        assertThat(fcm.sent()).isEqualTo(1);
    }

    /**
     * Dying after FCM accepted the push but before the window was confirmed costs at most one duplicate push of the
     * chat after the lease (data only, collapsed per chat on the device) — never a suppressed one.
     */
    @Test
    void aCrashAfterFcmAcceptedThePushCostsAtMostADuplicate() {
        String bob = deviceWithToken("t-crash-after");
        List<PushSender.Notification> accepted = new ArrayList<>();
        PushService crashing = new PushService(tokens, new PushWindowStore(ddb, config), devices, batch -> {
            accepted.addAll(batch);
            throw new Crash();
        }, new PushSettings(Duration.ofSeconds(60), 3, Duration.ofMillis(200), BATCH, LEASE), clock, pauses::add,
                metrics);
        assertThatThrownBy(() -> crashing.deliver(List.of(request(bob, "d:a:" + bob, 1))))
                .isInstanceOf(Crash.class);

        clock.advance(LEASE.plusSeconds(1));
        service.deliver(List.of(request(bob, "d:a:" + bob, 2)));

        assertThat(accepted).hasSize(1);
        assertThat(fcm.sent()).isEqualTo(1);
    }

    @Test
    void theBatchSizeCannotExceedFcmsLimit() {
        assertThatThrownBy(() -> new PushSettings(Duration.ofSeconds(60), 3, Duration.ofMillis(200), 501, LEASE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PushSettings.from(config).batchSize()).isEqualTo(500);
    }

    @Test
    void transientFailuresAreRetriedWithGrowingBackoff() {
        String bob = deviceWithToken("t-transient");
        fcm.script.add(PushSender.Outcome.TRANSIENT);
        fcm.script.add(PushSender.Outcome.TRANSIENT);
        service.deliver(List.of(request(bob, "d:a:" + bob, 1)));
        assertThat(fcm.calls).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(metrics.get(Metrics.PUSHES_SENT)).isEqualTo(1);
    }

    @Test
    void aPushThatKeepsFailingIsDroppedAndReleasesItsWindow() {
        String bob = deviceWithToken("t-failing");
        for (int i = 0; i < 3; i++) {
            fcm.script.add(PushSender.Outcome.TRANSIENT);
        }
        service.deliver(List.of(request(bob, "d:a:" + bob, 1)));
        assertThat(fcm.calls).hasSize(3);
        assertThat(metrics.get(Metrics.PUSHES_FAILED)).isEqualTo(1);

        service.deliver(List.of(request(bob, "d:a:" + bob, 2))); // the next message may push at once
        assertThat(fcm.calls).hasSize(4);
        assertThat(tokens.get(bob, "phone")).isPresent();
    }

    @Test
    void anUnregisteredTokenIsDeletedAndTheDeviceGetsNoFurtherPushes() {
        String bob = deviceWithToken("t-dead");
        fcm.script.add(PushSender.Outcome.TOKEN_INVALID);
        service.deliver(List.of(request(bob, "d:a:" + bob, 1)));
        assertThat(tokens.get(bob, "phone")).isEmpty();
        assertThat(metrics.get(Metrics.PUSH_TOKENS_REMOVED)).isEqualTo(1);

        service.deliver(List.of(request(bob, "d:a:" + bob, 2)));
        assertThat(fcm.calls).hasSize(1);
    }

    @Test
    void aRejectedOldTokenDoesNotDeleteTheDevicesNewerToken() {
        String bob = deviceWithToken("t-old");
        assertThat(tokens.deleteIfCurrent(bob, "phone", "t-other")).isFalse();
        tokens.put(new PushToken(bob, "phone", PushPlatform.IOS, "t-new", clock.millis()));
        assertThat(tokens.deleteIfCurrent(bob, "phone", "t-old")).isFalse();
        assertThat(tokens.get(bob, "phone")).map(PushToken::token).contains("t-new");
        assertThat(tokens.get(bob, "phone")).map(PushToken::platform).contains(PushPlatform.IOS);
    }

    @Test
    void aDeviceWithoutATokenIsSkipped() {
        service.deliver(List.of(new PushRequest("message", "nobody", "phone", "d:a:nobody", "m-1", 1, 0)));
        assertThat(fcm.calls).isEmpty();
        assertThat(metrics.get(Metrics.PUSHES_SKIPPED)).isEqualTo(1);
    }

    @Test
    void notificationsGoInBatchesOfTheConfiguredSize() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2 * BATCH + 1; i++) {
            String user = deviceWithToken("t-many-" + i);
            requests.add(request(user, "d:a:" + user, i + 1));
        }
        service.deliver(requests);
        assertThat(fcm.calls).extracting(List::size).containsExactly(BATCH, BATCH, 1);
    }
}

package dev.chatline.local.reliability;

import static org.awaitility.Awaitility.await;

import dev.chatline.aws.MessagingClients;
import dev.chatline.groups.GroupSettings;
import dev.chatline.keys.KeysSettings;
import dev.chatline.media.MediaQuota;
import dev.chatline.ratelimit.RouteLimits;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.events.EventSourceSettings;
import dev.chatline.messaging.MessagingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What every reliability harness needs around one local runtime: its options (the e2e tests' 2 s queue visibility
 * timeout, asynchronous retries after 100 and 200 ms instead of 1 and 2 s, so a failed push is retried while the
 * harness waits), the limits it lifts, user ids unique to the run, peers, and {@link #awaitQuiet()}: nothing left
 * in flight anywhere.
 */
public final class Harness implements AutoCloseable {
    /** How long a harness waits for any single reply or condition. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How long the system must stay idle to count as quiet (the event sources poll every 200 ms). */
    private static final Duration QUIET_FOR = Duration.ofMillis(300);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String UNLIMITED = "1000000";

    private final LocalRuntime runtime;
    private final SqsClient sqs;
    private final String prefix;
    private final AtomicLong users = new AtomicLong();
    /** Invocations ended since the start, plus those started before this harness (the runtime was idle then). */
    private final java.util.concurrent.atomic.LongAdder ended = new java.util.concurrent.atomic.LongAdder();

    public Harness(LocalRuntime runtime) {
        this.runtime = runtime;
        this.sqs = MessagingClients.sqs(runtime.awsClients());
        this.prefix = "r" + RUNS.incrementAndGet() + Long.toString(System.nanoTime() % 1_000_000L, 36);
        ended.add(runtime.lambdaHost().invocationCount());
        runtime.lambdaHost().addListener((function, start, end) -> ended.increment());
        AwsFaults.observe(runtime.lambdaHost());
    }

    /** The runtime options of every harness run (stage {@code stage}, any free port). */
    public static RuntimeOptions options(String stage) {
        return RuntimeOptions.defaults().withStage(stage).withPort(0)
                .withQueueVisibilityTimeout(Duration.ofSeconds(2))
                .withEvents(EventSourceSettings.defaults()
                        .withAsyncRetryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(200))));
    }

    /**
     * The per-user limits a harness lifts (they would refuse its traffic, not test the server), as the system
     * properties the functions read at cold start; set them before the runtime starts, clear them after.
     */
    public static Map<String, String> liftedLimits() {
        Map<String, String> lifted = new java.util.HashMap<>();
        for (RouteLimits.Bucket bucket : RouteLimits.Bucket.values()) {
            lifted.put(bucket.permitsKey(), UNLIMITED);
        }
        for (String key : List.of(MessagingSettings.SEND_RATE_PERMITS, KeysSettings.FETCH_RATE_PERMITS,
                KeysSettings.FETCH_PAIR_RATE_PERMITS, KeysSettings.HANDOUT_PERMITS,
                KeysSettings.IDENTITY_CHANGE_PERMITS, GroupSettings.INVITE_RATE_PERMITS,
                GroupSettings.INVITE_PAIR_RATE_PERMITS)) {
            lifted.put(key, UNLIMITED);
        }
        lifted.put(MediaQuota.DAILY_BYTES, Long.toString(Long.MAX_VALUE / 4));
        return Map.copyOf(lifted);
    }

    public static void liftLimits() {
        liftedLimits().forEach(System::setProperty);
    }

    public static void restoreLimits() {
        liftedLimits().keySet().forEach(System::clearProperty);
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    /** A user id no other user of this JVM has: {@code <name>-<run><n>}. */
    public String user(String name) {
        return name + "-" + prefix + users.incrementAndGet();
    }

    public Peer connect(String userId, String deviceId) {
        return Peer.connect(runtime, userId, deviceId);
    }

    /**
     * Waits until nothing is in flight: no killed function still dying, every invocation ended, every queue (the
     * fan-out queue, the topics' subscription queues) empty with nothing in flight, for {@link #QUIET_FOR}.
     */
    public void awaitQuiet() {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong since = new AtomicLong(System.nanoTime());
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            long count = runtime.lambdaHost().invocationCount();
            boolean idle = !AwsFaults.anyDead() && count == ended.sum() && queuesEmpty();
            if (!idle || count != last.getAndSet(count)) {
                since.set(System.nanoTime());
                return false;
            }
            return System.nanoTime() - since.get() >= QUIET_FOR.toNanos();
        });
    }

    /** Messages in dead-letter queues: each one a job that was given up. */
    public long deadLetters() {
        return sqs.listQueues().queueUrls().stream().filter(Harness::isDeadLetterQueue)
                .mapToLong(url -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).sum();
    }

    private boolean queuesEmpty() {
        return sqs.listQueues().queueUrls().stream().filter(url -> !isDeadLetterQueue(url))
                .allMatch(url -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 0
                        && count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
    }

    private static boolean isDeadLetterQueue(String url) {
        return url.contains("dlq");
    }

    private long count(String url, QueueAttributeName attribute) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(attribute)).attributes()
                .getOrDefault(attribute, "0"));
    }

    @Override
    public void close() {
        sqs.close();
    }
}

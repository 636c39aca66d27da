package dev.chatline.fanout;

import dev.chatline.observability.Metrics;
import dev.chatline.presence.BoundedParallel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One batch of the fan-out FIFO queue ({@code MessageGroupId} = chatId), without any Lambda or SQS type.
 *
 * <ul>
 *   <li>The records of one chat run one after another, in batch order; different chats run at the same time, at
 *       most {@link FanoutBatchSettings#groupConcurrency()} of them.</li>
 *   <li>A failed record fails itself and the later records of <em>its own</em> chat (they must not overtake it);
 *       no other chat's record is ever failed by it, so a finished job of another chat is never posted again.</li>
 *   <li>No record is started after {@link FanoutBatchSettings#startWindow} (half the invocation's remaining time,
 *       at most up to the safety margin), nor when the longest job this instance has run would take it past that
 *       point (unless it is the invocation's first): it and the later records of its chat are reported unstarted, so a batch of
 *       large group jobs ends in time instead of being killed by the function timeout (which would return the whole
 *       batch, finished jobs included, after the visibility timeout).</li>
 *   <li>A body the consumer rejects with {@link IllegalArgumentException} (not a fan-out job) can never succeed:
 *       it is logged (without its content), counted as {@value Metrics#FANOUT_JOBS_DROPPED} and dropped (reported
 *       as done), so it never blocks its chat. Retrying it would only hold the chat's later jobs back until it
 *       reached the dead-letter queue.</li>
 *   <li>Reported records come back soon instead of after the queue's visibility timeout: through {@link Redelivery}
 *       the first reported record of a chat waits {@link FanoutBatchSettings#retryDelay} (by its receive count) when
 *       it failed, nothing when it was not started; the chat's later reported records are released at once, as
 *       SQS never hands out a FIFO group's later messages while an earlier one is in flight. The dead-letter queue
 *       still takes a record after the queue's {@code maxReceiveCount} receives.</li>
 * </ul>
 *
 * <p>Hand-written rather than powertools-batch (evaluated, docs/architecture.md "Why not powertools-batch"): on a
 * FIFO queue its SQS handler reports, at the first failure, every later record of the batch, other chats' too (the
 * behaviour replaced here: finished jobs would be posted again); its FIFO path is sequential, with no mode that runs
 * message groups in parallel each in order; it has no deadline guard and does not make reported records visible
 * again; the Python/TypeScript {@code skipGroupOnError} has no Java counterpart. (No version of it resolves from
 * the build's repository either.)
 */
public final class FanoutBatch {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutBatch.class);

    /**
     * One received queue message.
     *
     * @param groupId its {@code MessageGroupId} (the chat); records without one each run on their own
     * @param receiveCount SQS's {@code ApproximateReceiveCount}: 1 on the first delivery
     * @param queueArn the queue it came from (the record's event source)
     */
    public record Record(String messageId, String receiptHandle, String groupId, String body, int receiveCount,
                         String queueArn) {
    }

    /** Does one job; throws to fail it, {@link IllegalArgumentException} when the body is not a job at all. */
    @FunctionalInterface
    public interface JobConsumer {
        void process(String body);
    }

    /** A reported record and how long SQS should keep it back before handing it out again. */
    public record Retry(Record record, Duration delay) {
    }

    /**
     * Port to the queue: makes records receivable again after their delay (SQS {@code ChangeMessageVisibility}).
     * Best effort: it never throws; a record it could not change comes back after the visibility timeout.
     */
    @FunctionalInterface
    public interface Redelivery {
        void redeliver(List<Retry> retries);
    }

    /**
     * @param failedMessageIds the records to report as {@code batchItemFailures}, in batch order; every other
     *                         record is finished (or dropped as malformed) and may be deleted
     * @param retries the redeliveries requested for them
     */
    public record Result(List<String> failedMessageIds, List<Retry> retries) {
    }

    private final FanoutBatchSettings settings;
    private final BoundedParallel chats;
    private final Redelivery redelivery;
    private final Clock clock;
    /** The longest job this instance has run: a job that would end past the start window is not started. */
    private final AtomicLong longestJobMillis = new AtomicLong();
    private final Metrics metrics;

    /** Build once per cold start: it owns a pool of {@link FanoutBatchSettings#groupConcurrency()} threads. */
    public FanoutBatch(FanoutBatchSettings settings, Redelivery redelivery, Clock clock, Metrics metrics) {
        this.settings = settings;
        this.chats = new BoundedParallel(settings.groupConcurrency(), "fanout-chat");
        this.redelivery = redelivery;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Processes a batch.
     *
     * @param remaining how long the invocation may still run (the Lambda context's remaining time)
     */
    public Result process(List<Record> records, Duration remaining, JobConsumer consumer) {
        Instant startBy = clock.instant().plus(settings.startWindow(remaining));
        AtomicBoolean started = new AtomicBoolean();
        List<Retry> retries = chats.map(byChat(records), chat -> runChat(chat, startBy, started, consumer)).stream()
                .flatMap(List::stream).toList();
        if (!retries.isEmpty()) {
            redelivery.redeliver(retries);
        }
        Set<String> failed = new HashSet<>();
        retries.forEach(r -> failed.add(r.record().messageId()));
        return new Result(records.stream().map(Record::messageId).filter(failed::contains).toList(), retries);
    }

    /** The records grouped by chat, each chat's in batch order, chats in order of first appearance. */
    private static List<List<Record>> byChat(List<Record> records) {
        Map<String, List<Record>> chats = new LinkedHashMap<>();
        for (Record r : records) {
            String key = r.groupId() == null ? "\u0000" + r.messageId() : r.groupId();
            chats.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return List.copyOf(chats.values());
    }

    /** Runs one chat's records in order; the retries for the ones reported (none when all finished). */
    private List<Retry> runChat(List<Record> chat, Instant startBy, AtomicBoolean started,
                                JobConsumer consumer) {
        for (int i = 0; i < chat.size(); i++) {
            Record r = chat.get(i);
            Instant now = clock.instant();
            // a job is not started if it would probably end past the window (by the longest job this instance has
            // run), unless it is the invocation's first: every batch makes progress
            boolean late = !now.isBefore(startBy)
                    || started.get() && !now.plusMillis(longestJobMillis.get()).isBefore(startBy);
            started.set(true);
            if (late) {
                LOG.warn("fan-out: half the invocation's time has passed; {} jobs of chat {} not started",
                        chat.size() - i, r.groupId());
                metrics.count(Metrics.FANOUT_RECORDS_DEFERRED, chat.size() - i);
                return retries(chat.subList(i, chat.size()), Duration.ZERO);
            }
            if (!run(r, consumer)) {
                return retries(chat.subList(i, chat.size()), settings.retryDelay(r.receiveCount()));
            }
        }
        return List.of();
    }

    /** The first record waits {@code headDelay}; the ones behind it wait behind it in their FIFO group. */
    private static List<Retry> retries(List<Record> rest, Duration headDelay) {
        List<Retry> retries = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            retries.add(new Retry(rest.get(i), i == 0 ? headDelay : Duration.ZERO));
        }
        return retries;
    }

    /** True when the record is done (delivered, or dropped as not a job); false when it failed. */
    private boolean run(Record r, JobConsumer consumer) {
        MDC.put("sqsMessageId", r.messageId());
        Instant t0 = clock.instant();
        try {
            consumer.process(r.body());
            longestJobMillis.accumulateAndGet(Duration.between(t0, clock.instant()).toMillis(), Math::max);
            return true;
        } catch (IllegalArgumentException malformed) {
            LOG.error("fan-out: record {} of chat {} is not a fan-out job ({}); dropped", r.messageId(),
                    r.groupId(), malformed.getMessage());
            metrics.count(Metrics.FANOUT_JOBS_DROPPED);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("fan-out: job {} of chat {} failed (receive {}); it and the chat's later jobs are retried",
                    r.messageId(), r.groupId(), r.receiveCount(), e);
            return false;
        } finally {
            MDC.remove("sqsMessageId");
        }
    }
}

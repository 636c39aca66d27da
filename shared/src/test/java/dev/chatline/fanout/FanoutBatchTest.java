package dev.chatline.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Json;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fan-out batch rules, with plain bodies (the chat and a label) and an in-memory redelivery port. */
class FanoutBatchTest {
    private static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(30);
    private final List<FanoutBatch.Retry> redelivered = new CopyOnWriteArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private FanoutBatch batch(int chats, Clock clock) {
        return new FanoutBatch(new FanoutBatchSettings(chats, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(60)), redelivered::addAll, clock, metrics);
    }

    private FanoutBatch batch(int chats) {
        return batch(chats, Clock.systemUTC());
    }

    /** Records with message id = body = e.g. "a1" and group = its first letter. */
    private static List<FanoutBatch.Record> records(String... ids) {
        List<FanoutBatch.Record> records = new ArrayList<>();
        for (String id : ids) {
            records.add(record(id, id.substring(0, 1), id, 1));
        }
        return records;
    }

    private static FanoutBatch.Record record(String id, String group, String body, int receiveCount) {
        return new FanoutBatch.Record(id, "rh-" + id, group, body, receiveCount, "arn:aws:sqs:us-east-1:1:q.fifo");
    }

    private static Map<String, Duration> delays(List<FanoutBatch.Retry> retries) {
        Map<String, Duration> delays = new java.util.LinkedHashMap<>();
        retries.forEach(r -> delays.put(r.record().messageId(), r.delay()));
        return delays;
    }

    @Test
    void recordsOfOneChatRunInBatchOrder() {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        FanoutBatch.Result result = batch(10).process(records("a1", "b1", "a2", "b2", "a3"), LAMBDA_TIMEOUT,
                body -> seen.computeIfAbsent(body.substring(0, 1), c -> new CopyOnWriteArrayList<>()).add(body));

        assertThat(result.failedMessageIds()).isEmpty();
        assertThat(seen).containsEntry("a", List.of("a1", "a2", "a3")).containsEntry("b", List.of("b1", "b2"));
        assertThat(redelivered).as("nothing to redeliver").isEmpty();
    }

    @Test
    void aFailingChatFailsOnlyItsOwnLaterRecordsNeverAnotherChats() {
        List<String> processed = new CopyOnWriteArrayList<>();
        FanoutBatch.Result result = batch(10).process(records("a1", "b1", "a2", "c1", "b2", "a3"), LAMBDA_TIMEOUT,
                body -> {
                    processed.add(body);
                    if (body.equals("a2")) {
                        throw new IllegalStateException("throttled");
                    }
                });

        assertThat(result.failedMessageIds()).containsExactly("a2", "a3");
        assertThat(processed).containsExactlyInAnyOrder("a1", "b1", "a2", "c1", "b2");
        assertThat(processed).as("a3 must not overtake the failed a2").doesNotContain("a3");
    }

    @Test
    void aFailedRecordWaitsItsBackoffAndTheChatsLaterRecordsWaitBehindIt() {
        List<FanoutBatch.Record> records = List.of(record("a1", "a", "fail", 3), record("a2", "a", "ok", 1),
                record("b1", "b", "ok", 1));

        FanoutBatch.Result result = batch(10).process(records, LAMBDA_TIMEOUT, body -> {
            if (body.equals("fail")) {
                throw new IllegalStateException("boom");
            }
        });

        assertThat(delays(result.retries())).containsExactly(Map.entry("a1", Duration.ofSeconds(4)),
                Map.entry("a2", Duration.ZERO));
        assertThat(redelivered).containsExactlyElementsOf(result.retries());
    }

    @Test
    void chatsRunAtTheSameTimeUpToTheConfiguredNumber() {
        CyclicBarrier allThree = new CyclicBarrier(3);
        FanoutBatch.Result together = batch(3).process(records("a1", "b1", "c1"), LAMBDA_TIMEOUT, body -> {
            try {
                allThree.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the chats did not run at the same time", e);
            }
        });
        assertThat(together.failedMessageIds()).isEmpty();

        AtomicInteger running = new AtomicInteger();
        List<Integer> concurrency = Collections.synchronizedList(new ArrayList<>());
        batch(2).process(records("a1", "b1", "c1", "d1", "e1", "f1"), LAMBDA_TIMEOUT, body -> {
            concurrency.add(running.incrementAndGet());
            running.decrementAndGet();
        });
        assertThat(concurrency).hasSize(6).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    }

    @Test
    void noRecordStartsOnceHalfTheInvocationsTimeHasPassed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> processed = new CopyOnWriteArrayList<>();
        // one chat at a time, so chat b only starts after chat a's slow first job
        FanoutBatch.Result result = batch(1, clock).process(records("a1", "a2", "b1"), LAMBDA_TIMEOUT, body -> {
            processed.add(body);
            clock.advance(Duration.ofSeconds(16));
        });

        assertThat(processed).containsExactly("a1");
        assertThat(result.failedMessageIds()).containsExactly("a2", "b1");
        assertThat(delays(result.retries())).as("not started, so not failed: no backoff")
                .containsOnly(Map.entry("a2", Duration.ZERO), Map.entry("b1", Duration.ZERO));
        assertThat(metrics.get(Metrics.FANOUT_RECORDS_DEFERRED)).isEqualTo(2);
    }

    /** Jobs of 6 s in a 30 s invocation: the third would end at 18 s, past half the time, so it is not started. */
    @Test
    void aJobThatWouldEndPastHalfTheTimeByTheLongestJobSoFarIsNotStarted() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> processed = new CopyOnWriteArrayList<>();
        FanoutBatch.Result result = batch(1, clock).process(records("a1", "a2", "a3"), LAMBDA_TIMEOUT, body -> {
            processed.add(body);
            clock.advance(Duration.ofSeconds(6));
        });

        assertThat(processed).containsExactly("a1", "a2");
        assertThat(result.failedMessageIds()).containsExactly("a3");
        assertThat(delays(result.retries())).containsOnly(Map.entry("a3", Duration.ZERO));
    }

    @Test
    void nothingStartsWhenLessThanTheSafetyMarginIsLeft() {
        List<String> processed = new CopyOnWriteArrayList<>();
        FanoutBatch.Result result = batch(10).process(records("a1", "b1"), Duration.ofSeconds(4), processed::add);

        assertThat(processed).isEmpty();
        assertThat(result.failedMessageIds()).containsExactly("a1", "b1");
    }

    @Test
    void aBodyThatIsNoJobIsDroppedAndItsChatGoesOn() {
        FanoutJob job = new FanoutJob(FanoutJob.RECEIPT, "a", "e1", 0, "u", Json.object().put("type", "receipt"),
                List.of(new FanoutJob.Target("u", "phone")));
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<FanoutBatch.Record> records = List.of(record("m1", "a", "not json", 1),
                record("m2", "a", "{\"kind\":\"message\"}", 1), record("m3", "a", job.toJson(), 1));

        FanoutBatch.Result result = batch(10).process(records, LAMBDA_TIMEOUT,
                body -> delivered.add(FanoutJob.fromJson(body).eventId()));

        assertThat(result.failedMessageIds()).isEmpty();
        assertThat(delivered).containsExactly("e1");
        assertThat(metrics.get(Metrics.FANOUT_JOBS_DROPPED)).isEqualTo(2);
    }

    @Test
    void retryDelayDoublesWithEveryReceiveUpToTheCap() {
        FanoutBatchSettings s = new FanoutBatchSettings(10, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
        assertThat(List.of(1, 2, 3, 4, 7, 8, 100).stream().map(s::retryDelay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 60L, 60L, 60L);
        assertThat(s.startWindow(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.startWindow(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.startWindow(Duration.ofSeconds(2))).isEqualTo(Duration.ZERO);
    }
}

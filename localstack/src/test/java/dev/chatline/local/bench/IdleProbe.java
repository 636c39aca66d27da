package dev.chatline.local.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Latency of an otherwise idle system, and where it goes: user 0 sends to user 1 one message at a time, the next
 * only after the sender got the {@code read} event of the previous one and a short pause (so the previous message's
 * last SQS deletes are done). Every AWS call and Lambda invocation is recorded with its interval and thread; per
 * message, {@link CriticalPath} splits send → ack and send → first PostToConnection into time in emulator calls and
 * the rest, and counts the sequential round trips.
 */
final class IdleProbe {
    static final String POST = "ApiGatewayManagementApi PostToConnection";
    private static final long SETTLE_MILLIS = 150;

    private final DirectTraffic traffic;
    private final Meters meters;
    private final List<Sample> samples = new ArrayList<>();
    final LatencyRecorder ackLatency = new LatencyRecorder();
    final LatencyRecorder deliverLatency = new LatencyRecorder();

    /** One message: its window to the client's ack, to the first post, and a path covering both. */
    private record Sample(CriticalPath toAck, CriticalPath toPost, CriticalPath both, long ackAt, long postAt) {
    }

    IdleProbe(DirectTraffic traffic, Meters meters) {
        this.traffic = traffic;
        this.meters = meters;
    }

    void run(int messages) throws Exception {
        SpanLog log = new SpanLog();
        meters.trace(log);
        try {
            for (int i = 0; i < messages; i++) {
                DirectTraffic.Sent sent = traffic.send(0, 1);
                long delivered = BenchTimeouts.await(sent.delivered(), "idle probe delivery");
                long acked = BenchTimeouts.await(sent.acked(), "idle probe ack");
                BenchTimeouts.await(sent.readEvent(), "idle probe read event");
                ackLatency.record(acked - sent.sentAt());
                deliverLatency.record(delivered - sent.sentAt());
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                samples.add(sample(log, sent.sentAt(), acked, delivered));
            }
        } finally {
            meters.trace(null);
        }
    }

    private static Sample sample(SpanLog log, long sentAt, long ackAt, long deliveredAt) {
        List<Span> spans = log.between(sentAt, deliveredAt);
        long postAt = spans.stream().filter(s -> s.name().equals(POST)).mapToLong(Span::start).min()
                .orElse(deliveredAt);
        return new Sample(CriticalPath.of(spans, sentAt, ackAt), CriticalPath.of(spans, sentAt, postAt),
                CriticalPath.of(spans, sentAt, Math.max(ackAt, postAt)), ackAt, postAt);
    }

    void print(PrintStream out) {
        if (samples.isEmpty()) {
            return;
        }
        out.printf("Where the time goes (idle probe, %d messages; means per message):%n", samples.size());
        out.printf("  %-40s %14s %30s%n", "ms (rounds: count)", "send -> ack", "send -> 1st PostToConnection");
        row(out, "window", Sample::toAck, Sample::toPost, p -> ms(p.windowNanos()));
        row(out, "in emulator calls (union of intervals)", Sample::toAck, Sample::toPost, p -> ms(p.emulatorNanos()));
        row(out, "rest: our code, local gateway, host", Sample::toAck, Sample::toPost,
                p -> ms(p.windowNanos() - p.emulatorNanos()));
        row(out, "sequential round trips", Sample::toAck, Sample::toPost, p -> p.rounds().size());
        out.println("  Lambda time in the window to the 1st post (ms, includes waiting for its calls): "
                + lambdaTimes());
        Sample median = samples.stream().sorted(Comparator.comparingLong(s -> s.toPost().windowNanos()))
                .toList().get(samples.size() / 2);
        printRounds(out, median);
    }

    private void row(PrintStream out, String label, java.util.function.Function<Sample, CriticalPath> a,
                     java.util.function.Function<Sample, CriticalPath> b,
                     java.util.function.ToDoubleFunction<CriticalPath> value) {
        double x = samples.stream().mapToDouble(s -> value.applyAsDouble(a.apply(s))).average().orElse(0);
        double y = samples.stream().mapToDouble(s -> value.applyAsDouble(b.apply(s))).average().orElse(0);
        out.printf("  %-40s %14.1f %30.1f%n", label, x, y);
    }

    private String lambdaTimes() {
        Map<String, Double> byFunction = new TreeMap<>();
        for (Sample s : samples) {
            s.toPost().invocations().forEach(i -> byFunction.merge(i.name().substring(2), ms(i.nanos()), Double::sum));
        }
        return byFunction.entrySet().stream()
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / samples.size()))
                .collect(Collectors.joining(", "));
    }

    /** The round trips of one message from send to the later of its ack and first post, with both marked. */
    private static void printRounds(PrintStream out, Sample s) {
        CriticalPath path = s.both();
        out.printf("  Round trips of the median message (send -> 1st post %.1f ms), ms after send:%n",
                ms(s.toPost().windowNanos()));
        boolean ackShown = false;
        int n = 0;
        for (List<Span> round : path.rounds()) {
            long start = round.get(0).start();
            if (!ackShown && start >= s.ackAt()) {
                out.printf("      %7.1f  ack received by the sender%n", ms(s.ackAt() - path.from()));
                ackShown = true;
            }
            long end = round.stream().mapToLong(Span::end).max().orElse(start);
            out.printf("  %3d %7.1f  %6.1f ms  %s%n", ++n, ms(start - path.from()), ms(end - start),
                    round.stream().map(c -> c.name() + " [" + c.thread() + "]").collect(Collectors.joining(", ")));
        }
        if (!ackShown) {
            out.printf("      %7.1f  ack received by the sender%n", ms(s.ackAt() - path.from()));
        }
        out.printf("      %7.1f  1st PostToConnection starts%n", ms(s.postAt() - path.from()));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}

package dev.chatline.local.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The AWS calls of one message between its send and an end point (its ack, or the first PostToConnection), from
 * the spans recorded while nothing else was in flight. Calls whose intervals overlap form one round trip; the time
 * in emulator calls is the union of their intervals (clipped to the window), the rest is our code, the local
 * gateway and the Lambda host. Empty SQS long polls are not recorded (they wait, they are not on the path), and a
 * long poll that returned messages counts only from the end of the last SendMessage before it returned (before, it
 * was waiting for the message, not working on it).
 */
record CriticalPath(long from, long to, List<Span> calls, List<Span> invocations) {
    private static final String RECEIVE = "Sqs ReceiveMessage";
    private static final String SEND = "Sqs SendMessage";

    static CriticalPath of(List<Span> spans, long from, long to) {
        List<Span> calls = new ArrayList<>();
        List<Span> invocations = new ArrayList<>();
        for (Span span : spans) {
            Span s = span.name().equals(RECEIVE) ? fromEnqueue(span, spans) : span;
            if (s.overlaps(from, to)) {
                (s.name().startsWith("λ ") ? invocations : calls).add(s.clip(from, to));
            }
        }
        calls.sort(java.util.Comparator.comparingLong(Span::start));
        return new CriticalPath(from, to, calls, invocations);
    }

    private static Span fromEnqueue(Span poll, List<Span> spans) {
        long enqueued = spans.stream().filter(s -> s.name().equals(SEND) && s.end() <= poll.end())
                .mapToLong(Span::end).max().orElse(poll.start());
        return new Span(poll.name(), Math.max(poll.start(), enqueued), poll.end(), poll.thread(), poll.emulator());
    }

    long windowNanos() {
        return to - from;
    }

    /** The union of the emulator calls' intervals. */
    long emulatorNanos() {
        long total = 0;
        long coveredTo = from;
        for (Span s : calls) {
            if (!s.emulator()) {
                continue;
            }
            long start = Math.max(s.start(), coveredTo);
            if (s.end() > start) {
                total += s.end() - start;
                coveredTo = s.end();
            }
        }
        return total;
    }

    /** Sequential round trips: groups of calls whose intervals overlap (calls are in start order). */
    List<List<Span>> rounds() {
        List<List<Span>> rounds = new ArrayList<>();
        long roundEnd = Long.MIN_VALUE;
        for (Span s : calls) {
            if (rounds.isEmpty() || s.start() >= roundEnd) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(rounds.size() - 1).add(s);
            roundEnd = Math.max(roundEnd, s.end());
        }
        return rounds;
    }
}

package dev.chatline.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Spans recorded while a probe runs ({@link ApiCallCounter} and {@link InvocationLog} add to it). */
final class SpanLog {
    private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

    void add(Span span) {
        spans.add(span);
    }

    /** Spans that overlap {@code [from, to)}, in start order. */
    List<Span> between(long from, long to) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans) {
            if (s.overlaps(from, to)) {
                out.add(s);
            }
        }
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        return out;
    }
}

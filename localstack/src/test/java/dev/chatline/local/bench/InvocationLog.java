package dev.chatline.local.bench;

import dev.chatline.local.lambda.LambdaHost;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lambda invocations per function (every invocation of the local host, whatever invoked it), and their spans. */
final class InvocationLog implements LambdaHost.InvocationListener {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile SpanLog spans;

    @Override
    public void invoked(String functionName, long startNanos, long endNanos) {
        counts.computeIfAbsent(functionName, k -> new LongAdder()).increment();
        SpanLog log = spans;
        if (log != null) {
            log.add(new Span("λ " + functionName, startNanos, endNanos, Thread.currentThread().getName(), false));
        }
    }

    void trace(SpanLog log) {
        spans = log;
    }

    void reset() {
        counts.clear();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

package dev.chatline.local.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Collects latency samples (nanoseconds) from many threads and reports percentiles in milliseconds. */
final class LatencyRecorder {
    private final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();

    void record(long nanos) {
        samples.add(nanos);
    }

    int count() {
        return samples.size();
    }

    /** {@code p50 12.3 ms  p95 …  p99 …  max … (n=…)}. */
    String summary() {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "no samples";
        }
        return String.format("p50 %6.1f ms   p95 %6.1f ms   p99 %6.1f ms   max %6.1f ms   (n=%d)",
                ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)),
                ms(sorted[sorted.length - 1]), sorted.length);
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    void addAll(LatencyRecorder other) {
        samples.addAll(other.samples);
    }

    void reset() {
        samples.clear();
    }
}

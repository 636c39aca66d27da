package dev.chatline.testing;

import dev.chatline.observability.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test-only: keeps every count in memory, so tests can assert which business metrics a call recorded. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, Double> counts = new ConcurrentHashMap<>();

    @Override
    public void count(String name, double value) {
        counts.merge(name, value, Double::sum);
    }

    /** The total recorded for {@code name} since the last {@link #clear()}, 0 if none. */
    public double get(String name) {
        return counts.getOrDefault(name, 0.0);
    }

    public void clear() {
        counts.clear();
    }
}

package dev.chatline.functions.observability;

import com.amazonaws.services.lambda.runtime.Context;
import dev.chatline.observability.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The {@link Metrics} port on Powertools for AWS Lambda (Java) metrics, functional API (no AspectJ): counts add up
 * in memory during an invocation and {@link #flush} writes them as one CloudWatch Embedded Metric Format document
 * (a JSON line on stdout that CloudWatch Logs turns into metrics) in namespace {@code Chatline} with the dimensions
 * {@code Service} (the function) and {@code stage}. The first flush of an execution environment also captures
 * Powertools' {@code ColdStart} metric (on-demand initializations only; a SnapStart restore is not a cold start).
 *
 * <p>Counts may come from any thread; {@link #flush} runs on the invocation's thread after the handler finished.
 */
public final class EmfMetrics implements Metrics {
    public static final String DEFAULT_NAMESPACE = "Chatline";
    public static final String SERVICE_DIMENSION = "Service";
    public static final String STAGE_DIMENSION = "stage";

    private final software.amazon.lambda.powertools.metrics.Metrics emf;
    private final DimensionSet dimensions;
    private final Map<String, DoubleAdder> counts = new ConcurrentHashMap<>();
    private volatile boolean coldStartCaptured;

    public EmfMetrics(String namespace, String service, String stage) {
        this.dimensions = DimensionSet.of(SERVICE_DIMENSION, service, STAGE_DIMENSION, stage);
        this.emf = MetricsBuilder.builder().withNamespace(namespace).withDefaultDimensions(dimensions).build();
    }

    @Override
    public void count(String name, double value) {
        counts.computeIfAbsent(name, k -> new DoubleAdder()).add(value);
    }

    /**
     * Writes the counts recorded since the last flush as one EMF document (none when nothing was counted) and,
     * on the first call, the cold start metric.
     *
     * @param context the invocation's context (request id on the cold start document); may be null
     */
    public void flush(Context context) {
        if (!coldStartCaptured) {
            coldStartCaptured = true;
            emf.captureColdStartMetric(context, dimensions);
        }
        Map<String, Double> recorded = new TreeMap<>();
        for (String name : counts.keySet()) {
            DoubleAdder adder = counts.remove(name);
            if (adder != null) {
                recorded.put(name, adder.sum());
            }
        }
        if (recorded.isEmpty()) {
            return;
        }
        recorded.forEach((name, value) -> emf.addMetric(name, value, MetricUnit.COUNT));
        emf.flush();
    }
}

package dev.chatline.local.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS API calls by service and operation. Registered for every SDK client of the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it sees the calls of the functions
 * hosted by the local runtime as well as those of the runtime's own event source pollers. Counting is cheap and
 * always on; only the benchmark reads it.
 */
public final class ApiCallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(service + " " + operation, k -> new LongAdder()).increment();
    }

    public static void reset() {
        CALLS.clear();
    }

    /** "Service Operation" → calls since the last reset, sorted by name. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

package dev.chatline.functions.observability;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The Lambda fields of every log line, put into the logging context (MDC) at the start of an invocation. Field names
 * follow Powertools for AWS Lambda's JSON layout, so queries keep working if the functions move to it.
 */
final class LambdaLogFields {
    static final String FUNCTION_NAME = "function_name";
    static final String FUNCTION_VERSION = "function_version";
    static final String FUNCTION_ARN = "function_arn";
    static final String FUNCTION_MEMORY_SIZE = "function_memory_size";
    static final String COLD_START = "cold_start";
    static final String XRAY_TRACE_ID = "xray_trace_id";
    /** Set by the Java runtime for each invocation (the environment variable holds only the first one's). */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";

    private LambdaLogFields() {
    }

    static void bind(Context context, boolean coldStart) {
        if (context != null) {
            putIfPresent(FUNCTION_NAME, context.getFunctionName());
            putIfPresent(FUNCTION_VERSION, context.getFunctionVersion());
            putIfPresent(FUNCTION_ARN, context.getInvokedFunctionArn());
            MDC.put(FUNCTION_MEMORY_SIZE, Integer.toString(context.getMemoryLimitInMB()));
        }
        MDC.put(COLD_START, Boolean.toString(coldStart));
        xrayTraceId().ifPresent(id -> MDC.put(XRAY_TRACE_ID, id));
    }

    /** The {@code Root} of the current X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}). */
    static Optional<String> xrayTraceId() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        if (header == null || header.isBlank()) {
            header = System.getenv(TRACE_HEADER_ENV);
        }
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return Optional.of(part.substring("Root=".length()));
            }
        }
        return Optional.empty();
    }

    private static void putIfPresent(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}

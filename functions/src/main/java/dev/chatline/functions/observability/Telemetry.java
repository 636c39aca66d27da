package dev.chatline.functions.observability;

import com.amazonaws.services.lambda.runtime.Context;
import dev.chatline.config.ChatConfig;
import dev.chatline.observability.Metrics;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place every handler goes through per invocation ({@link #around}): it puts the Lambda fields into the
 * logging context, runs the handler, then flushes the invocation's business metrics as one EMF document, even when
 * the handler failed. Services get the same {@link #metrics()} port when a handler wires them (cold start).
 *
 * <p>Metrics are published only inside Lambda ({@value #LAMBDA_FUNCTION_NAME} is set) and unless
 * {@value #METRICS_SWITCH}{@code =off}; elsewhere (the local runtime, tests) the port records nothing, so no EMF
 * lines reach the console. Settings: {@code POWERTOOLS_METRICS_NAMESPACE} (default {@code Chatline}),
 * {@code POWERTOOLS_SERVICE_NAME} (default: the Lambda function name), {@code CHATLINE_STAGE}.
 */
public final class Telemetry {
    public static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String METRICS_SWITCH = "CHATLINE_METRICS";
    public static final String NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final Telemetry PROCESS = fromEnvironment(ChatConfig.fromEnvironment());

    private final Optional<EmfMetrics> emf;
    private final AtomicBoolean firstInvocation = new AtomicBoolean(true);

    public Telemetry(Optional<EmfMetrics> emf) {
        this.emf = emf;
    }

    /** This process's telemetry: one function per execution environment in Lambda. */
    public static Telemetry process() {
        return PROCESS;
    }

    static Telemetry fromEnvironment(ChatConfig config) {
        Optional<String> functionName = config.get(LAMBDA_FUNCTION_NAME);
        boolean on = functionName.isPresent() && !"off".equalsIgnoreCase(config.get(METRICS_SWITCH).orElse("on"));
        if (!on) {
            return new Telemetry(Optional.empty());
        }
        String service = config.get(SERVICE_NAME).orElse(functionName.get());
        return new Telemetry(Optional.of(new EmfMetrics(config.get(NAMESPACE).orElse(EmfMetrics.DEFAULT_NAMESPACE),
                service, config.stage())));
    }

    /** The port for services: EMF-backed in Lambda, {@link Metrics#NOOP} elsewhere. */
    public Metrics metrics() {
        return emf.<Metrics>map(m -> m).orElse(Metrics.NOOP);
    }

    /** Runs one invocation of a handler: Lambda log fields in, metrics flushed and the logging context cleared out. */
    public <T> T around(Context context, Supplier<T> handler) {
        LambdaLogFields.bind(context, firstInvocation.getAndSet(false));
        try {
            return handler.get();
        } finally {
            emf.ifPresent(m -> flush(m, context));
            MDC.clear();
        }
    }

    /** Metrics never fail an invocation. */
    private static void flush(EmfMetrics metrics, Context context) {
        try {
            metrics.flush(context);
        } catch (RuntimeException e) {
            LOG.warn("could not flush metrics", e);
        }
    }
}

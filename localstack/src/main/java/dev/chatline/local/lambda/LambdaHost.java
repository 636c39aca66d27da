package dev.chatline.local.lambda;

import dev.chatline.functions.catalog.FunctionDef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Hosts the real handler classes of the given functions in this JVM and invokes them the way the Lambda service
 * and its Java runtime do (synchronous {@code RequestResponse} invocation): JSON in, JSON out, one handler instance
 * per execution environment, per-function timeout and concurrency limit, a real {@code Context}.
 * Thread-safe.
 */
public final class LambdaHost implements AutoCloseable {
    private final Map<String, HostedFunction> functions;
    private final LambdaHostOptions options;
    private final ExecutorService executor;
    private final LongAdder invocations = new LongAdder();
    private final List<InvocationListener> listeners = new CopyOnWriteArrayList<>();

    /** Observes invocations (the benchmark counts and times them). Called on the invoking thread; must not block. */
    @FunctionalInterface
    public interface InvocationListener {
        /** One invocation ended (successfully or not); times are {@link System#nanoTime()}. */
        void invoked(String functionName, long startNanos, long endNanos);
    }

    public LambdaHost(List<FunctionDef> functions) {
        this(functions, LambdaHostOptions.defaults("local"));
    }

    public LambdaHost(List<FunctionDef> functions, LambdaHostOptions options) {
        this(functions, options, def -> FunctionSetup.SHARED);
    }

    /**
     * @param setups what each function has of its own (its environment, its IAM policy); asked when the function is
     *               first constructed, so the runtime's configuration may be completed after this constructor
     */
    public LambdaHost(List<FunctionDef> functions, LambdaHostOptions options,
                      Function<FunctionDef, FunctionSetup> setups) {
        this.options = options;
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        Map<String, HostedFunction> byName = new LinkedHashMap<>();
        for (FunctionDef def : functions) {
            if (byName.put(def.name(), new HostedFunction(def, options, () -> setups.apply(def), executor)) != null) {
                throw new IllegalArgumentException("duplicate function " + def.name());
            }
        }
        this.functions = Collections.unmodifiableMap(byName);
    }

    /**
     * Invokes a function synchronously.
     *
     * @param functionName the logical name ({@link FunctionDef#name()})
     * @param eventJson the event
     * @return the handler's result as JSON ({@code "null"} for a null result)
     * @throws LambdaInvocationException when the handler throws, times out, is throttled or does not exist
     */
    public String invoke(String functionName, String eventJson) {
        invocations.increment();
        HostedFunction function = functions.get(functionName);
        if (function == null) {
            throw new LambdaInvocationException(LambdaInvocationException.UNKNOWN_FUNCTION,
                    "Function not found: arn:aws:lambda:" + options.region() + ":" + options.accountId()
                            + ":function:" + options.physicalName(functionName));
        }
        long start = System.nanoTime();
        try {
            return function.invoke(eventJson);
        } finally {
            long end = System.nanoTime();
            listeners.forEach(l -> l.invoked(functionName, start, end));
        }
    }

    /**
     * Constructs one handler instance of every function now, in catalog order, the way Lambda constructs each
     * function's handler when SnapStart publishes its version (with the function's environment). Each instance then
     * serves its function's first invocation.
     *
     * @throws FunctionInitException naming the first function whose handler's constructor threw
     */
    public void publishAll() {
        functions.values().forEach(HostedFunction::publish);
    }

    public void addListener(InvocationListener listener) {
        listeners.add(listener);
    }

    /** Invocations requested since start, of any function, successful or not. */
    public long invocationCount() {
        return invocations.sum();
    }

    /** The logical names of the hosted functions, in catalog order. */
    public Set<String> functionNames() {
        return functions.keySet();
    }

    public LambdaHostOptions options() {
        return options;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "lambda-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

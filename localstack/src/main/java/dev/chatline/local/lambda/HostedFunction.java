package dev.chatline.local.lambda;

import dev.chatline.functions.catalog.FunctionDef;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function as Lambda runs it: up to {@code concurrencyLimit} execution environments, each with its own handler
 * instance created on first need (a cold start) or when the function is published ({@link #publish()}, as
 * SnapStart does), reused by later invocations (warm). Construction and invocations run inside the function's
 * {@link FunctionSetup}. An invocation that runs past the function's timeout fails with {@code Sandbox.Timedout}
 * and its environment is thrown away, so the next invocation starts cold again. An invocation over the concurrency
 * limit waits up to {@code throttleWait} for a free environment, then fails with {@code TooManyRequestsException}.
 */
final class HostedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(HostedFunction.class);

    private final FunctionDef def;
    private final LambdaHostOptions options;
    private final Supplier<FunctionSetup> setupSource;
    private FunctionSetup setup;
    private final ExecutorService executor;
    private final Semaphore executions;
    private final Deque<Environment> idle = new ConcurrentLinkedDeque<>();
    private final Slf4jLambdaLogger logger;

    /** @param setup asked once, when the function is first constructed */
    HostedFunction(FunctionDef def, LambdaHostOptions options, Supplier<FunctionSetup> setup,
                   ExecutorService executor) {
        this.def = def;
        this.options = options;
        this.setupSource = setup;
        this.executor = executor;
        this.executions = new Semaphore(options.concurrencyLimit(), true);
        this.logger = new Slf4jLambdaLogger(def.name());
    }

    String invoke(String eventJson) {
        acquire();
        Environment env = null;
        boolean reusable = false;
        try {
            env = idle.pollFirst();
            if (env == null) {
                env = coldStart();
            }
            String result = run(env, eventJson);
            reusable = true;
            return result;
        } catch (LambdaInvocationException e) {
            reusable = env != null && !LambdaInvocationException.TIMEOUT.equals(e.errorType());
            throw e;
        } finally {
            if (reusable) {
                idle.addFirst(env);
            }
            executions.release();
        }
    }

    private void acquire() {
        try {
            if (!executions.tryAcquire(options.throttleWait().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("throttled {}: {} concurrent executions", def.name(), options.concurrencyLimit());
                throw new LambdaInvocationException(LambdaInvocationException.THROTTLED, "Rate Exceeded.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambdaInvocationException(LambdaInvocationException.THROTTLED, "interrupted while throttled");
        }
    }

    /**
     * Constructs one handler instance now, as Lambda does when SnapStart publishes a version; it serves the next
     * invocation.
     *
     * @throws FunctionInitException when the constructor (or a static initializer) throws
     */
    void publish() {
        long start = System.nanoTime();
        try {
            idle.addFirst(newEnvironment());
            LOG.debug("published {} init {} ms", def.name(), (System.nanoTime() - start) / 1_000_000L);
        } catch (ExecutionException e) {
            throw new FunctionInitException(def.name(), FunctionInitException.constructorFailure(e.getCause()));
        }
    }

    private Environment coldStart() {
        long start = System.nanoTime();
        try {
            Environment env = newEnvironment();
            LOG.info("cold start {} init {} ms", def.name(), (System.nanoTime() - start) / 1_000_000L);
            return env;
        } catch (ExecutionException e) {
            LOG.error("init failed {}", def.name(), e.getCause());
            throw LambdaInvocationException.fromHandler(e.getCause());
        }
    }

    private Environment newEnvironment() throws ExecutionException {
        return new Environment(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()),
                initOnExecutionThread());
    }

    private String run(Environment env, String eventJson) {
        LocalContext context = new LocalContext(options.physicalName(def.name()), functionArn(), env.id(),
                def.memoryMb(), def.timeout().toMillis(), logger);
        Future<String> execution = executor.submit(() -> setup().run(() -> env.adapter().invoke(eventJson, context)));
        try {
            return execution.get(def.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            execution.cancel(true);
            String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds",
                    def.timeout().toMillis() / 1000.0);
            LOG.error("{} {} {}", def.name(), context.getAwsRequestId(), message);
            throw new LambdaInvocationException(LambdaInvocationException.TIMEOUT, message);
        } catch (ExecutionException e) {
            throw LambdaInvocationException.fromHandler(e.getCause());
        } catch (InterruptedException e) {
            execution.cancel(true);
            Thread.currentThread().interrupt();
            throw new LambdaInvocationException("Runtime.Interrupted", "invocation interrupted");
        }
    }

    /** Runs the handler's class loading and constructor on an execution thread, as the runtime's init phase. */
    private HandlerAdapter initOnExecutionThread() throws ExecutionException {
        Future<HandlerAdapter> future = executor.submit(() -> setup().run(
                () -> HandlerAdapter.instantiate(def.handlerClass())));
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    private synchronized FunctionSetup setup() {
        if (setup == null) {
            setup = setupSource.get();
        }
        return setup;
    }

    private String functionArn() {
        return "arn:aws:lambda:" + options.region() + ":" + options.accountId() + ":function:"
                + options.physicalName(def.name());
    }

    /** One execution environment: its id (in the log stream name) and its handler instance. */
    private record Environment(String id, HandlerAdapter adapter) {
    }
}

package dev.chatline.local.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulates Lambda's asynchronous invocation ({@code InvocationType=Event}), which SNS uses: the event is accepted
 * at once and queued; a failed invocation is retried after each of the configured delays (Lambda: two retries);
 * after the last retry the event is dropped with a warning (no on-failure destination or DLQ is configured).
 */
public final class AsyncInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);

    private final FunctionInvoker invoker;
    private final List<Duration> retryDelays;
    private final Duration shutdownTimeout;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;

    public AsyncInvoker(FunctionInvoker invoker, EventSourceSettings settings) {
        this.invoker = invoker;
        this.retryDelays = settings.asyncRetryDelays();
        this.shutdownTimeout = settings.shutdownTimeout();
        this.workers = Executors.newFixedThreadPool(settings.maxConcurrency(),
                r -> SqsEventSourceMapping.daemon(r, "async-invoke-"));
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> SqsEventSourceMapping.daemon(r,
                "async-retry-"));
    }

    /** Queues one asynchronous invocation. */
    public void submit(String functionName, String eventJson) {
        attempt(functionName, eventJson, 0);
    }

    private void attempt(String functionName, String eventJson, int attempt) {
        try {
            workers.execute(() -> run(functionName, eventJson, attempt));
        } catch (RejectedExecutionException closing) {
            LOG.warn("{}: asynchronous invocation dropped at shutdown", functionName);
        }
    }

    private void run(String functionName, String eventJson, int attempt) {
        try {
            invoker.invoke(functionName, eventJson);
            LOG.debug("{}: asynchronous invocation succeeded (attempt {})", functionName, attempt + 1);
        } catch (Exception e) {
            if (attempt < retryDelays.size()) {
                Duration delay = retryDelays.get(attempt);
                LOG.warn("{}: asynchronous invocation failed (attempt {}), retrying in {} ms: {}", functionName,
                        attempt + 1, delay.toMillis(), e.toString());
                try {
                    retries.schedule(() -> attempt(functionName, eventJson, attempt + 1), delay.toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    LOG.warn("{}: retry dropped at shutdown", functionName);
                }
            } else {
                LOG.warn("{}: asynchronous invocation failed {} times, event dropped: {}", functionName,
                        attempt + 1, e.toString());
            }
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.chatline.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Runs independent blocking calls (DynamoDB reads, posts to connections) concurrently on a fixed number of daemon
 * threads, so a fan-out to many users never opens more than {@code threads} requests at once. Build one per cold
 * start. The caller's logging context (MDC) is carried to the worker threads.
 */
public final class BoundedParallel {
    private final ExecutorService executor;

    public BoundedParallel(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Applies {@code f} to every item concurrently and returns the results in item order. Waits for all; if any
     * call failed, rethrows the first failure (in item order).
     */
    public <T, R> List<R> map(Collection<T> items, Function<T, R> f) {
        if (items.size() <= 1) {
            return items.stream().map(f).toList();
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<CompletableFuture<R>> futures = items.stream()
                .map(item -> CompletableFuture.supplyAsync(() -> withMdc(mdc, () -> f.apply(item)), executor))
                .toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return futures.stream().map(BoundedParallel::joinUnwrapped).toList();
    }

    private static <R> R withMdc(Map<String, String> mdc, java.util.function.Supplier<R> call) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return call.get();
        } finally {
            MDC.clear();
        }
    }

    private static <R> R joinUnwrapped(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

package dev.chatline.local.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;

/**
 * Fault injection into every {@code PostToConnection} made in this JVM (a global SDK interceptor, registered in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} of the test resources): a test arms a rule
 * for the frames it cares about — a 5xx answer (as API Gateway's {@code @connections} gives under load) or a crash
 * of the calling function ({@link Crash}, an {@link Error} no deliverer catches) — a given number of times. Without
 * an armed rule it does nothing, so every other test and the benchmark see the real calls.
 */
public final class PostFaults implements ExecutionInterceptor {
    private static final List<Rule> RULES = new CopyOnWriteArrayList<>();

    /** The function died at this point (what a timeout, an OOM or a lost instance look like to the caller). */
    public static final class Crash extends Error {
        public Crash(String message) {
            super(message);
        }
    }

    private record Rule(Predicate<String> frame, AtomicInteger remaining, boolean crash) {
    }

    /** The next {@code times} posts of a frame containing {@code marker} fail with HTTP 500. */
    public static void fail(String marker, int times) {
        RULES.add(new Rule(f -> f.contains(marker), new AtomicInteger(times), false));
    }

    /** The next post of a frame containing {@code marker} kills the posting function ({@link Crash}). */
    public static void crash(String marker) {
        RULES.add(new Rule(f -> f.contains(marker), new AtomicInteger(1), true));
    }

    /** How many armed faults have not fired yet. */
    public static int pending() {
        return RULES.stream().mapToInt(r -> Math.max(0, r.remaining().get())).sum();
    }

    public static void clear() {
        RULES.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PostToConnectionRequest post) || RULES.isEmpty()) {
            return;
        }
        String frame = post.data().asUtf8String();
        for (Rule r : RULES) {
            if (r.frame().test(frame) && r.remaining().getAndDecrement() > 0) {
                if (r.crash()) {
                    throw new Crash("injected crash before posting to " + post.connectionId());
                }
                throw ApiGatewayManagementApiException.builder().statusCode(500)
                        .message("injected 500 for " + post.connectionId()).build();
            }
        }
    }
}

package dev.chatline.local.reliability;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.local.faults.PostFaults;
import dev.chatline.local.lambda.LambdaHost;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records and faults the AWS calls of the functions the local runtime hosts (a global SDK interceptor, registered in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} of the test resources, like
 * {@link PostFaults}). The SDK creates one instance per client; an instance built while a handler class is being
 * constructed belongs to that function ({@link #handler}), so the runtime's own clients (queue pollers), the
 * tests' clients and the harness's are never recorded or faulted.
 *
 * <p>{@link #record()} lists every call of the functions, in order, as (handler, {@link CallSite}).
 * {@link #arm} faults the first later call of one site: THROTTLED and FAILED throw that service's exception before
 * the request goes out; KILLED lets the call succeed and then kills the function: the call throws an
 * {@link PostFaults.Crash} (an Error nobody catches), and every call that any function of the same handler class
 * starts from then until the killed invocation has ended (and {@value #GRACE_MS} ms more, for its worker threads)
 * throws it too, so nothing the dead invocation would still have done happens. Without an armed fault it does
 * nothing but count, so every other test sees the real calls.
 */
public final class AwsFaults implements ExecutionInterceptor {
    private static final long GRACE_MS = 300;
    /** API Gateway's integration timeout: no route invocation outlives it. */
    private static final java.time.Duration MAX_DYING = java.time.Duration.ofSeconds(29);
    private static final ExecutionAttribute<CallSite> KILL = new ExecutionAttribute<>("chatline.reliability.kill");
    private static final Set<String> HANDLERS = FunctionCatalog.ALL.stream().map(FunctionDef::handlerClass)
            .collect(Collectors.toSet());
    private static final List<Call> RECORDED = new CopyOnWriteArrayList<>();
    private static final Set<LambdaHost> OBSERVED = java.util.Collections.newSetFromMap(
            new java.util.WeakHashMap<>());
    private static volatile boolean recording;
    private static volatile Armed armed;
    private static volatile Death death;

    /** The simple name of the handler class whose construction built this client; null for other clients. */
    private final String handler = owningHandler();

    /** One call: which function's client made it, and the site. */
    public record Call(String handler, CallSite site) {
        @Override
        public String toString() {
            return handler + ": " + site;
        }
    }

    private record Armed(Call target, FaultKind kind, AtomicBoolean fired) {
    }

    /**
     * A kill: the handler class, when, and until when its calls fail: until its invocation ended plus the grace, or
     * (a kill whose invocation had already ended) at most the longest route timeout.
     */
    private record Death(String handler, long killedAt, long revivesAt, boolean ended) {
        boolean kills(String h, long now) {
            return handler.equals(h) && now < revivesAt;
        }
    }

    /** Lets kills end with the killed invocation: call once per runtime. */
    public static synchronized void observe(LambdaHost host) {
        if (OBSERVED.add(host)) {
            host.addListener(AwsFaults::invocationEnded);
        }
    }

    /** Starts recording the functions' calls (forgetting earlier ones). */
    public static void record() {
        RECORDED.clear();
        recording = true;
    }

    /** Stops recording; the calls since {@link #record()}, in order. */
    public static List<Call> stopRecording() {
        recording = false;
        return new ArrayList<>(RECORDED);
    }

    /** Distinct (handler, site) pairs of {@code calls}, in order of their first call. */
    public static List<Call> distinct(List<Call> calls) {
        return new ArrayList<>(new LinkedHashSet<>(calls));
    }

    /** Faults the next call of {@code target} with {@code kind}, once. */
    public static void arm(Call target, FaultKind kind) {
        armed = new Armed(target, kind, new AtomicBoolean());
    }

    /** Whether the armed fault has been injected. */
    public static boolean fired() {
        Armed a = armed;
        return a != null && a.fired().get();
    }

    /** Removes the armed fault (a kill in progress still runs its course). */
    public static void disarm() {
        armed = null;
    }

    /** Whether a function is dead right now (killed, and its invocation or its grace not over yet). */
    public static boolean anyDead() {
        Death d = death;
        return d != null && System.nanoTime() < d.revivesAt();
    }

    /** Whether a function of {@code handler} (simple class name) was killed at or after {@code nanos}. */
    public static boolean killedSince(long nanos, String handler) {
        Death d = death;
        return d != null && d.killedAt() >= nanos && d.handler().equals(handler);
    }

    /** Forgets every armed fault and kill (between cases). */
    public static void reset() {
        armed = null;
        death = null;
        recording = false;
        RECORDED.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (handler == null || !recording && armed == null && death == null) {
            return;
        }
        Call call = new Call(handler, CallSite.of(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
        if (recording) {
            RECORDED.add(call);
        }
        Death d = death;
        if (d != null && d.kills(handler, System.nanoTime())) {
            throw new PostFaults.Crash("the function was killed before " + call.site());
        }
        Armed a = armed;
        if (a != null && a.target().equals(call) && a.fired().compareAndSet(false, true)) {
            if (a.kind() == FaultKind.KILLED) {
                attributes.putAttribute(KILL, call.site());
            } else {
                throw (RuntimeException) a.kind().exception(call.site());
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        CallSite killedAfter = attributes.getAttribute(KILL);
        if (killedAfter != null) {
            long now = System.nanoTime();
            death = new Death(handler, now, now + MAX_DYING.toNanos(), false);
            throw (PostFaults.Crash) FaultKind.KILLED.exception(killedAfter);
        }
    }

    private static void invocationEnded(String functionName, long start, long end) {
        Death d = death;
        if (d == null || d.ended() || start > d.killedAt()) {
            return;
        }
        String h = FunctionCatalog.byName(functionName).map(f -> simpleName(f.handlerClass())).orElse("");
        if (h.equals(d.handler())) {
            death = new Death(d.handler(), d.killedAt(), end + GRACE_MS * 1_000_000L, true);
        }
    }

    private static String owningHandler() {
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            if (HANDLERS.contains(frame.getClassName())) {
                return simpleName(frame.getClassName());
            }
        }
        return null;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}

package dev.chatline.local.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call made in this JVM under the function and user it was made for — the {@code function_name}
 * and {@code userId} of the logging context that every handler binds for its invocation (and that the worker pools
 * carry to their threads) — so an end-to-end test can count what one user's {@code $connect} cost, whatever
 * else runs at the same time. A global SDK interceptor (registered in {@code execution.interceptors} of the test
 * resources); calls outside an invocation are not recorded.
 */
public final class CallsByInvocation implements ExecutionInterceptor {
    private static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String function = MDC.get("function_name");
        String user = MDC.get("userId");
        if (function != null && user != null) {
            CALLS.computeIfAbsent(key(function, user), k -> new CopyOnWriteArrayList<>())
                    .add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    /** "Service Operation" of every call the function (physical name ending in {@code -<function>}) made for the user. */
    static List<String> of(String function, String userId) {
        return CALLS.entrySet().stream().filter(e -> e.getKey().endsWith("-" + function + "|" + userId))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Forgets the calls recorded for the user. */
    static void reset(String userId) {
        CALLS.keySet().removeIf(k -> k.endsWith("|" + userId));
    }

    private static String key(String function, String user) {
        return function + "|" + user;
    }
}

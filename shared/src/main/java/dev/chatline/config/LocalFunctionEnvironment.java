package dev.chatline.config;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * Local runtime only: the environment variables of the one hosted function whose code runs on this thread.
 *
 * <p>On AWS every function runs in a process of its own, whose environment is exactly what the stack gives it. The
 * local runtime hosts every function in one JVM, where all share the system properties it sets. To construct a
 * function with the environment it has on AWS (as SnapStart does when a version is published), the runtime's
 * Lambda host runs the construction inside {@link #call}; meanwhile {@link ChatConfig#fromEnvironment()} on that
 * thread returns exactly these variables instead of the process environment and system properties. A
 * {@code ChatConfig} keeps what it was created with, so the handler's configuration stays its own on every thread.
 *
 * <p>It can never change a deployed function's configuration: {@link #call} refuses to run inside Lambda
 * ({@value #INSIDE_LAMBDA} is set there), so nothing is ever bound in a Lambda execution environment.
 */
public final class LocalFunctionEnvironment {
    /** Set by Lambda in every execution environment. */
    static final String INSIDE_LAMBDA = "AWS_LAMBDA_FUNCTION_NAME";
    private static final ThreadLocal<Map<String, String>> BOUND = new ThreadLocal<>();

    private LocalFunctionEnvironment() {
    }

    /**
     * Runs {@code body} on this thread with {@code variables} as the whole environment {@link ChatConfig} sees.
     *
     * @throws IllegalStateException inside Lambda
     */
    public static <T> T call(Map<String, String> variables, Callable<T> body) throws Exception {
        refuseInsideLambda(System::getenv);
        Map<String, String> outer = BOUND.get();
        BOUND.set(Map.copyOf(variables));
        try {
            return body.call();
        } finally {
            BOUND.set(outer);
        }
    }

    /** The variables bound on this thread, or null (the process environment and system properties apply). */
    static Map<String, String> bound() {
        return BOUND.get();
    }

    static void refuseInsideLambda(UnaryOperator<String> processEnvironment) {
        if (processEnvironment.apply(INSIDE_LAMBDA) != null) {
            throw new IllegalStateException("a local function environment cannot be bound inside Lambda");
        }
    }
}

package dev.chatline.local.iam;

import java.util.concurrent.Callable;

/**
 * Which hosted function's code runs on this thread, as its {@link AccessPolicy}: bound by the Lambda host while it
 * constructs or invokes a function, and read by {@link AccessCheck} when an AWS SDK client is built. Only the
 * building thread matters: the client keeps the policy, whatever thread later calls through it.
 */
public final class CallerPolicy {
    private static final ThreadLocal<AccessPolicy> CURRENT = new ThreadLocal<>();

    private CallerPolicy() {
    }

    /** Runs {@code body} as the function of {@code policy}. */
    public static <T> T call(AccessPolicy policy, Callable<T> body) throws Exception {
        AccessPolicy outer = CURRENT.get();
        CURRENT.set(policy);
        try {
            return body.call();
        } finally {
            CURRENT.set(outer);
        }
    }

    /** The policy of the function running on this thread, or null outside hosted functions. */
    static AccessPolicy current() {
        return CURRENT.get();
    }
}

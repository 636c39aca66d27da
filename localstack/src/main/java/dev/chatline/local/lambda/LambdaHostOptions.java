package dev.chatline.local.lambda;

import java.time.Duration;

/**
 * How the local Lambda host sizes and names functions.
 *
 * @param stage stage of the physical function names ({@code chatline-<stage>-<name>})
 * @param region region in ARNs
 * @param accountId account in ARNs
 * @param concurrencyLimit concurrent executions per function (reserved concurrency)
 * @param throttleWait how long an invocation over the limit waits for a free execution before it fails with
 *                     {@code TooManyRequestsException} (Lambda answers a synchronous throttle at once; waiting a
 *                     little keeps bursts of local traffic from failing)
 */
public record LambdaHostOptions(String stage, String region, String accountId, int concurrencyLimit,
                                Duration throttleWait) {

    public static final int DEFAULT_CONCURRENCY = 10;

    public LambdaHostOptions {
        if (concurrencyLimit < 1) {
            throw new IllegalArgumentException("concurrencyLimit must be >= 1");
        }
    }

    public static LambdaHostOptions defaults(String stage) {
        return new LambdaHostOptions(stage, "us-east-1", "000000000000", DEFAULT_CONCURRENCY, Duration.ofSeconds(5));
    }

    public LambdaHostOptions withConcurrencyLimit(int limit) {
        return new LambdaHostOptions(stage, region, accountId, limit, throttleWait);
    }

    public LambdaHostOptions withThrottleWait(Duration wait) {
        return new LambdaHostOptions(stage, region, accountId, concurrencyLimit, wait);
    }

    /** Physical function name, as the CDK stack names it. */
    public String physicalName(String name) {
        return "chatline-" + stage + "-" + name;
    }
}

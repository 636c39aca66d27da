package dev.chatline.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Backoff;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.devices.LinkedDeviceGuard;
import dev.chatline.observability.Metrics;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.ratelimit.RouteLimits;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every object graph of this package is built on: one function instance's (or one test's) AWS clients,
 * clock, business-metrics port and the pause between retries. These four are the only things a test replaces:
 * a test builds the same graphs as production with clients pointed at the emulator (or with a fault-injecting
 * interceptor), a settable clock, a recording metrics port and a pause that does not sleep.
 *
 * @param aws the clients and the configuration they were built from
 * @param clock the graph's time
 * @param metrics the business metrics port every service of the graph records into
 * @param pause waits between retries of a call ({@link Backoff.Sleeper#THREAD} in production)
 */
public record GraphBase(AwsClients aws, Clock clock, Metrics metrics, Backoff.Sleeper pause) {

    public ChatConfig config() {
        return aws.config();
    }

    public DynamoDbClient ddb() {
        return aws.dynamoDb();
    }

    /** A batch writer on the graph's DynamoDB client (stateless: one per store is fine). */
    public DynamoBatch batch() {
        return new DynamoBatch(aws.dynamoDb());
    }

    /** The rate limiter on the {@code rate-limits} table, counting its refusals into the graph's metrics. */
    public RateLimiter rateLimiter() {
        return new RateLimiter(ddb(), config(), clock, metrics);
    }

    /**
     * The gate every route function builds once per cold start: the linked-device check ({@link LinkedDeviceGuard},
     * on a device-list cache of its own), then the route's limit ({@link RouteLimits}).
     */
    public RouteGuard routeGuard() {
        return routeGuard(new DeviceDirectory(new DeviceAccountStore(ddb(), config(), clock)::deviceIds, clock,
                DeviceDirectory.DEFAULT_TTL, DeviceDirectory.DEFAULT_CAPACITY));
    }

    /** The same gate on a device-list cache the graph's services share (a sender's gate warms its send's read). */
    RouteGuard routeGuard(DeviceDirectory devices) {
        return new LinkedDeviceGuard(devices, new RouteLimits(rateLimiter(), config()));
    }

    /** A fixed pool of daemon threads named {@code name-N} (a function instance never waits for them to end). */
    static ExecutorService daemonPool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

package dev.chatline.infra;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much of the account's two shared quotas each route and function may take, so that a burst on one (heartbeats,
 * a group fan-out, a push storm) cannot starve {@code $connect} and {@code sendMessage}. Inputs: the stage's
 * request rate and burst ({@code throttleRateLimit}/{@code throttleBurstLimit}, at most the account's API Gateway
 * quota of 10,000 requests/s and 5,000 burst) and the Lambda concurrency the stack may use
 * ({@code lambdaConcurrency}, the account's quota, 1,000 by default). docs/operations.md ("Capacity") explains
 * the model and how to raise each figure.
 *
 * <ul>
 *   <li><b>Route throttles</b>: each budgeted route gets its share of the stage rate; every other route gets
 *       {@value #OTHER_ROUTE_SHARE} of it. A route backed by reserved concurrency is throttled at no more than
 *       that concurrency can serve (Little's law: rate = concurrency / p99 duration), so API Gateway answers 429
 *       before Lambda would throttle.</li>
 *   <li><b>Reserved concurrency</b> for the functions on the message path: rate × p99 duration, at least 1; the
 *       fan-out consumer and the push sender get a fixed share of the concurrency instead (their load is queued,
 *       so a cap only delays it). The total is scaled down to at most {@value #MAX_RESERVED_SHARE} of the
 *       concurrency, leaving the rest (at least {@value #MIN_UNRESERVED}, Lambda's minimum) to the other
 *       functions; an account too small for that gets no reservations (a synth warning says so).</li>
 *   <li><b>Fan-out event sources</b>: one per shard of the fan-out queue, each with {@code MaximumConcurrency} =
 *       the fan-out's reservation divided by the shards (at least 2, the lowest SQS allows; the reservation is
 *       raised to 2 per shard if it was smaller), so the pollers together never invoke into throttles and a busy or
 *       failing shard cannot take the others' concurrency.</li>
 * </ul>
 */
public final class CapacityPlan {
    /** Share of the stage rate for each route without a budget of its own. */
    static final double OTHER_ROUTE_SHARE = 0.01;
    static final double MAX_RESERVED_SHARE = 0.7;
    /** Lambda keeps at least this much concurrency unreserved. */
    static final int MIN_UNRESERVED = 100;
    /** SQS event source mappings accept a MaximumConcurrency of 2 to 1,000. */
    static final int MIN_EVENT_SOURCE_CONCURRENCY = 2;

    /**
     * A route's share of the stage's request rate and the p99 duration of its function (measured locally, with
     * headroom for AWS latency). A null route key is a function with no route of its own (the authorizer runs
     * once per {@code $connect}); {@code throttle=false} leaves the route on the stage's default throttle
     * ({@code $disconnect}: a dropped disconnect would leave a user shown online); {@code reserve=false} leaves
     * the function in the unreserved pool.
     */
    record Budget(FunctionDef function, double rateShare, int p99Millis, boolean throttle, boolean reserve) {
    }

    static final List<Budget> BUDGETS = List.of(
            new Budget(FunctionCatalog.SEND_MESSAGE, 0.20, 100, true, true),
            new Budget(FunctionCatalog.RECEIPT, 0.20, 60, true, true),
            new Budget(FunctionCatalog.SYNC, 0.05, 200, true, true),
            // 5 % of 10,000/s = 500/s, the account's default quota of new connections per second
            new Budget(FunctionCatalog.CONNECT, 0.05, 100, true, true),
            new Budget(FunctionCatalog.AUTHORIZER, 0.05, 50, false, true),
            new Budget(FunctionCatalog.DISCONNECT, 0.05, 100, false, true),
            // apps subscribe to their contacts' presence when they open, and fetch keys for new sessions
            new Budget(FunctionCatalog.PRESENCE_SUBSCRIBE, 0.05, 100, true, false),
            new Budget(FunctionCatalog.KEYS_FETCH, 0.02, 100, true, false));
    /** The heartbeat mock route: one beat per connection every 5 minutes, 25 % covers 7.5 M connections at 10,000/s. */
    static final double HEARTBEAT_SHARE = 0.25;
    /** Queued work: a fixed share of the concurrency. */
    static final Map<FunctionDef, Double> QUEUED_SHARES = Map.of(FunctionCatalog.FANOUT, 0.05,
            FunctionCatalog.PUSH, 0.04);

    /** A route's throttle: steady rate (requests/s) and burst. */
    public record RouteThrottle(double rateLimit, int burstLimit) {
    }

    private final ChatlineSettings.Throttle stage;
    private final int concurrency;
    private final int fanoutShards;
    private final Map<String, Integer> reserved = new LinkedHashMap<>();
    private final Map<String, RouteThrottle> routes = new LinkedHashMap<>();

    public CapacityPlan(ChatlineSettings.Throttle stage, int lambdaConcurrency) {
        this(stage, lambdaConcurrency, 1);
    }

    /** @param fanoutShards the shards of the fan-out queue, each an event source mapping of the fan-out function */
    public CapacityPlan(ChatlineSettings.Throttle stage, int lambdaConcurrency, int fanoutShards) {
        if (lambdaConcurrency < 1) {
            throw new IllegalArgumentException("lambdaConcurrency must be at least 1: " + lambdaConcurrency);
        }
        this.stage = stage;
        this.concurrency = lambdaConcurrency;
        this.fanoutShards = fanoutShards;
        planReservations();
        planRoutes();
    }

    private void planReservations() {
        Map<String, Double> wanted = new LinkedHashMap<>();
        for (Budget b : BUDGETS.stream().filter(Budget::reserve).toList()) {
            wanted.put(b.function().name(), stage.rateLimit() * b.rateShare() * b.p99Millis() / 1000.0);
        }
        QUEUED_SHARES.forEach((fn, share) -> wanted.put(fn.name(), concurrency * share));
        double total = wanted.values().stream().mapToDouble(Math::ceil).sum();
        double scale = Math.min(1.0, concurrency * MAX_RESERVED_SHARE / total);
        wanted.forEach((name, c) -> reserved.put(name, Math.max(minimumReservation(name),
                (int) Math.floor(c * scale))));
        if (concurrency - reserved.values().stream().mapToInt(Integer::intValue).sum() < MIN_UNRESERVED) {
            reserved.clear();
        }
    }

    private void planRoutes() {
        for (FunctionDef def : FunctionCatalog.ALL) {
            if (def.trigger() instanceof Trigger.Route r) {
                Optional<Budget> budget = BUDGETS.stream().filter(b -> b.function().equals(def)).findFirst();
                if (budget.isPresent() && !budget.get().throttle()) {
                    continue;
                }
                double share = budget.map(Budget::rateShare).orElse(OTHER_ROUTE_SHARE);
                double rate = stage.rateLimit() * share;
                if (budget.isPresent() && reserved.containsKey(def.name())) {
                    rate = Math.min(rate, reserved.get(def.name()) * 1000.0 / budget.get().p99Millis());
                }
                routes.put(r.routeKey(), throttle(rate));
            }
        }
        MockRoutes.ALL.forEach(m -> routes.put(m.routeKey(), throttle(stage.rateLimit() * HEARTBEAT_SHARE)));
    }

    private RouteThrottle throttle(double rate) {
        double rounded = Math.max(1, Math.floor(rate));
        int burst = (int) Math.max(1, Math.floor(stage.burstLimit() * rounded / stage.rateLimit()));
        return new RouteThrottle(rounded, burst);
    }

    /** The function's reserved concurrency, or empty (it shares the unreserved pool). */
    public Optional<Integer> reservedConcurrency(FunctionDef def) {
        return Optional.ofNullable(reserved.get(def.name()));
    }

    /** At least 1; a queue consumer enough for the lowest {@code MaximumConcurrency} on each of its mappings. */
    private int minimumReservation(String functionName) {
        return FunctionCatalog.byName(functionName).filter(fn -> fn.trigger() instanceof Trigger.Queue)
                .map(fn -> MIN_EVENT_SOURCE_CONCURRENCY * eventSources(fn)).orElse(1);
    }

    /** How many event source mappings invoke {@code def}: one per shard of its queue. */
    public int eventSources(FunctionDef def) {
        return def.trigger() instanceof Trigger.Queue q && q.queue().sharded() ? fanoutShards : 1;
    }

    /**
     * {@code MaximumConcurrency} of each of a queue trigger's event source mappings: the function's reservation
     * (or its share of the concurrency) divided by its mappings.
     */
    public int eventSourceConcurrency(FunctionDef def) {
        int share = (int) Math.floor(concurrency * QUEUED_SHARES.getOrDefault(def, 0.05));
        return Math.min(1000, Math.max(MIN_EVENT_SOURCE_CONCURRENCY,
                reservedConcurrency(def).orElse(share) / eventSources(def)));
    }

    /** Route throttles by route key (every function route except the unthrottled ones, and the mock routes). */
    public Map<String, RouteThrottle> routeThrottles() {
        return Map.copyOf(routes);
    }

    /** The stage's default throttle (routes without their own). */
    public ChatlineSettings.Throttle stage() {
        return stage;
    }

    public int lambdaConcurrency() {
        return concurrency;
    }

    /** Sum of the reservations. */
    public int totalReserved() {
        return reserved.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** True when the concurrency was too small to reserve any (the synth warns). */
    public boolean reservationsSkipped() {
        return reserved.isEmpty();
    }
}

package dev.chatline.local.capacity;

import dev.chatline.schema.QueueShards;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Cells from counts. The model (docs/scaling.md): the peak load per second is the measured work per unit of traffic
 * ({@link MeasuredUsage}: a delivered 1:1 message with its receipts, a connect, a heartbeat; a push by labelled
 * assumption) times the workload's peak rates; each per-account-region quota ({@link Quotas}) then needs
 * {@code ceil(need × headroom / ceiling)} cells, and the most of these is the number of cells, set by the binding
 * quota. Each cell serves {@code 1/cells} of the users (the directory spreads them evenly), so it must be granted
 * {@code need × headroom / cells} of every quota. The cost of a day is the same work at the day's average rates,
 * priced with {@link CostModel}.
 */
public final class CapacityPlanner {
    private final MeasuredUsage usage;
    private final Quotas quotas;
    private final PriceTable prices;

    public CapacityPlanner(MeasuredUsage usage, Quotas quotas, PriceTable prices) {
        this.usage = usage;
        this.quotas = quotas;
        this.prices = prices;
    }

    public CellPlan plan(Workload w) {
        UsageProfile peak = load(w, w.peakDeliveriesPerSecond(), w.peakConnections());
        double pushesPerSecond = peak.snsPublishes();
        List<CellPlan.QuotaNeed> needs = new ArrayList<>(List.of(
                need(quotas.newConnections(), w.peakConnectsPerSecond(), w),
                need(quotas.apiRequests(), peak.apiGatewayIn() + peak.connectionPosts(), w),
                need(quotas.lambdaConcurrency(), concurrency(peak), w),
                need(quotas.snsPublishes(), pushesPerSecond, w),
                need(quotas.tableWriteUnits(), max(peak.writeUnits()), w),
                need(quotas.tableReadUnits(), max(peak.readUnits()), w),
                fifoNeed(peak.sqsRequests(), w)));
        CellPlan.QuotaNeed binding = needs.stream().max(Comparator.comparingDouble(this::pressure)).orElseThrow();
        int cells = Math.max(1, needs.stream().mapToInt(CellPlan.QuotaNeed::cellsForCeiling).max().orElse(1));
        int shards = (int) Math.max(1, Math.ceil(peak.sqsRequests() * w.headroom() / cells
                / quotas.fifoPerQueue().defaultValue()));
        int fcmProjects = (int) Math.max(1, Math.ceil(pushesPerSecond * w.headroom() / quotas.fcmPerProject()));
        return new CellPlan(cells, binding, needs, shards, fcmProjects, tables(peak, cells), hotKeys(),
                costPerDay(w), assumptions(w));
    }

    /**
     * The work per second of {@code deliveries} deliveries per second, their pushes, and {@code connections} open
     * connections (their heartbeats and their replacements when they end).
     */
    UsageProfile load(Workload w, double deliveries, double connections) {
        double connects = connections / (w.connectionMinutes() * 60);
        double heartbeats = connections / usage.heartbeatIntervalSeconds();
        return usage.message().times(deliveries)
                .plus(push().times(deliveries * w.offlineShare()))
                .plus(usage.connect().times(connects))
                .plus(usage.heartbeat().times(heartbeats));
    }

    /** One push to an offline device: a publish, the push function, and the assumed DynamoDB units. */
    UsageProfile push() {
        return new UsageProfile(0, 0, Map.of("push", 1.0), 3, Map.of(Tables.PUSH_WINDOWS.logicalName(),
                quotas.assumedPushWriteUnits()), Map.of(Tables.PUSH_TOKENS.logicalName(),
                quotas.assumedPushReadUnits()), 0, 1, 0);
    }

    /** Little's law per function: invocations per second × the (assumed) billed duration. */
    double concurrency(UsageProfile perSecond) {
        return perSecond.invocations().entrySet().stream()
                .mapToDouble(e -> e.getValue() * prices.assumedBilledMs(e.getKey()) / 1000.0).sum();
    }

    private CellPlan.QuotaNeed need(Quotas.Quota quota, double atPeak, Workload w) {
        double withHeadroom = atPeak * w.headroom();
        return new CellPlan.QuotaNeed(quota, atPeak, withHeadroom, (int) Math.ceil(withHeadroom / quota.ceiling()));
    }

    /** FIFO: a cell has at most {@link QueueShards#MAX_SHARDS} queues of the per-queue throughput. */
    private CellPlan.QuotaNeed fifoNeed(double atPeak, Workload w) {
        Quotas.Quota perQueue = quotas.fifoPerQueue();
        Quotas.Quota perCell = new Quotas.Quota("SQS FIFO transactions/s (" + QueueShards.MAX_SHARDS
                + " shards at most)", perQueue.key(), perQueue.defaultValue(),
                perQueue.ceiling() * QueueShards.MAX_SHARDS);
        return need(perCell, atPeak, w);
    }

    private double pressure(CellPlan.QuotaNeed n) {
        return n.needWithHeadroom() / n.quota().ceiling();
    }

    private static double max(Map<String, Double> byTable) {
        return byTable.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static List<CellPlan.TableLoad> tables(UsageProfile peak, int cells) {
        List<String> names = new ArrayList<>(peak.writeUnits().keySet());
        peak.readUnits().keySet().stream().filter(t -> !names.contains(t)).forEach(names::add);
        return names.stream().map(t -> new CellPlan.TableLoad(t,
                        peak.writeUnits().getOrDefault(t, 0.0) / cells, peak.readUnits().getOrDefault(t, 0.0) / cells))
                .sorted(Comparator.comparingDouble(CellPlan.TableLoad::writeUnitsPerSecond).reversed()).toList();
    }

    /**
     * Per-key ceilings from the measured units on the tables keyed by that key (a partition takes 1,000 WRU/s):
     * a chat's messages, a device's deliveries; and the FIFO limit per message group (a chat on the queue path).
     */
    List<CellPlan.HotKey> hotKeys() {
        List<CellPlan.HotKey> out = new ArrayList<>();
        perKey("chatId", "one chat", "messages/s", out);
        perKey("deviceKey", "one device", "deliveries/s", out);
        out.add(new CellPlan.HotKey("one chat on the fan-out queue (groups above 16 users, retries)",
                "SQS FIFO message group", quotas.fifoPerGroup(), "jobs/s"));
        return out;
    }

    private void perKey(String keyAttribute, String key, String unit, List<CellPlan.HotKey> out) {
        for (TableDef t : Tables.ALL) {
            double units = usage.message().writeUnits().getOrDefault(t.logicalName(), 0.0);
            if (t.partitionKey().name().equals(keyAttribute) && units > 0) {
                out.add(new CellPlan.HotKey(key, t.logicalName() + " partition (" + fmt(units) + " WRU each)",
                        quotas.partitionWriteUnits() / units, unit));
            }
        }
    }

    /** An average day: the peak's work at the average rates, plus connection-minutes. */
    List<CostModel.Line> costPerDay(Workload w) {
        double averageConnections = w.peakConnections() / w.peakToAverage();
        double deliveries = w.messagesPerDay() * w.recipientsPerMessage() / Workload.SECONDS_PER_DAY;
        UsageProfile day = load(w, deliveries, averageConnections).times(Workload.SECONDS_PER_DAY);
        List<CostModel.Line> lines = new ArrayList<>(new CostModel(prices).lines(day));
        double minutes = averageConnections * Workload.SECONDS_PER_DAY / 60;
        lines.add(new CostModel.Line("API Gateway connection-minutes", minutes, "minutes",
                minutes * prices.apiGatewayPerConnectionMinute(), false));
        return lines;
    }

    private List<String> assumptions(Workload w) {
        return List.of(
                "work per delivery = a measured 1:1 message with its receipts (" + usage.source() + ")",
                "a push costs 1 SNS publish, 1 push invocation, " + fmt(quotas.assumedPushWriteUnits()) + " WRU and "
                        + fmt(quotas.assumedPushReadUnits()) + " RRU (" + Quotas.DEFAULT_FILE + ", assumed)",
                "@connections calls count against the API Gateway request rate (conservative)",
                "SQS: the measured requests are the local event source's polls (1:1 messages to online devices skip"
                        + " the queue); large groups and retries are not modelled separately",
                "average connections = peak connections / peak-to-average (" + fmt(w.peakToAverage()) + ")",
                "quota ceilings per cell are assumptions (" + quotas.source() + ")",
                "Lambda concurrency from the price table's assumed billed durations (assume.lambda.billedMs.*)",
                "not included: storage (DynamoDB, S3), media traffic, CloudFront, data transfer, the directory");
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%,.0f", v) : String.format("%,.2f", v);
    }
}

package dev.chatline.local.capacity;

import java.util.List;
import java.util.Map;

/**
 * What {@link CapacityPlanner} works out for a workload.
 *
 * @param cells deployments (account + region each) needed
 * @param binding the quota that sets the number of cells: the largest need over its ceiling
 * @param quotas every quota: the whole workload's need at the peak and what each cell must be granted
 * @param fanoutShards fan-out queue shards per cell ({@code -c fanoutShards})
 * @param fcmProjects Firebase projects the pushes need, all cells together
 * @param tables DynamoDB units per second at the peak per table, per cell (busiest first)
 * @param hotKeys the rates at which one key (a chat, a device) reaches a per-key limit, whatever the cell count
 * @param costPerDay the itemised cost of an average day, all cells together
 * @param assumptions what the plan assumes beyond the measured counts and the price and quota lists
 */
public record CellPlan(int cells, QuotaNeed binding, List<QuotaNeed> quotas, int fanoutShards, int fcmProjects,
                       List<TableLoad> tables, List<HotKey> hotKeys, List<CostModel.Line> costPerDay,
                       List<String> assumptions) {

    /**
     * One quota for the whole workload: the need at the peak (all cells), with headroom, and the cells its ceiling
     * alone would require.
     */
    public record QuotaNeed(Quotas.Quota quota, double needAtPeak, double needWithHeadroom, int cellsForCeiling) {
        /** What one of {@code cells} cells must be granted. */
        public double perCell(int cells) {
            return Math.ceil(needWithHeadroom / cells);
        }

        /** The cells this quota alone would need at AWS's default. */
        public int cellsAtDefault() {
            return (int) Math.ceil(needWithHeadroom / quota.defaultValue());
        }

        /** True when {@link #perCell} is above AWS's default: a quota increase to request. */
        public boolean requestNeeded(int cells) {
            return perCell(cells) > quota.defaultValue();
        }
    }

    /** One table's units per second at the peak in one cell. */
    public record TableLoad(String table, double writeUnitsPerSecond, double readUnitsPerSecond) {
    }

    /** A per-key limit: what one key can take and what reaches it. */
    public record HotKey(String key, String limit, double ceilingPerSecond, String meaning) {
    }

    public double costPerDayTotal() {
        return CostModel.total(costPerDay);
    }

    /** The CDK context one cell is deployed with. */
    public Map<String, String> cdkContext() {
        QuotaNeed api = byKey("apigateway.requestsPerSecond");
        QuotaNeed lambda = byKey("lambda.concurrency");
        return Map.of("fanoutShards", Integer.toString(fanoutShards),
                "lambdaConcurrency", Long.toString((long) lambda.perCell(cells)),
                "throttleRateLimit", Long.toString((long) api.perCell(cells)));
    }

    public QuotaNeed byKey(String key) {
        return quotas.stream().filter(q -> q.quota().key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no quota " + key));
    }
}

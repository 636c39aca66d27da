package dev.chatline.local.capacity;

import static dev.chatline.local.capacity.CapacityPlanner.fmt;

import java.io.PrintStream;

/** Prints a {@link CellPlan}. */
final class PlanReport {
    private final PrintStream out;

    PlanReport(PrintStream out) {
        this.out = out;
    }

    void print(Workload w, CellPlan plan) {
        out.printf("Workload: %s users, %s messages/day (%s/s on average, %s/s at the peak), %s deliveries per"
                        + " message, %s%% to offline devices%n", fmt(w.users()), fmt(w.messagesPerDay()),
                fmt(w.messagesPerDay() / Workload.SECONDS_PER_DAY), fmt(w.peakMessagesPerSecond()),
                fmt(w.recipientsPerMessage()), fmt(100 * w.offlineShare()));
        out.printf("          %s connections at the peak (%s%% of users), %s new connections/s, headroom x%s%n%n",
                fmt(w.peakConnections()), fmt(100 * w.connectedShare()), fmt(w.peakConnectsPerSecond()),
                fmt(w.headroom()));
        out.printf("CELLS NEEDED: %d, set by %s: %s needed at the peak with headroom, %s per cell at most%n%n",
                plan.cells(), plan.binding().quota().name(), fmt(plan.binding().needWithHeadroom()),
                fmt(plan.binding().quota().ceiling()));
        quotas(plan);
        out.printf("%nPer cell: %s users, %s connections at the peak; fan-out shards: %d; CDK context:%n  cdk deploy",
                fmt(w.users() / plan.cells()), fmt(w.peakConnections() / plan.cells()), plan.fanoutShards());
        plan.cdkContext().forEach((k, v) -> out.printf(" -c %s=%s", k, v));
        out.printf("%n%nFCM: %d Firebase project(s) at %s messages/s each (or a raised FCM quota)%n",
                plan.fcmProjects(), fmt(plan.byKey("sns.publishesPerSecond").needAtPeak() == 0 ? 0
                        : plan.byKey("sns.publishesPerSecond").needAtPeak() / plan.fcmProjects()));
        tables(plan);
        hotKeys(plan);
        cost(plan);
        out.println("\nAssumptions:");
        plan.assumptions().forEach(a -> out.println("  - " + a));
    }

    private void quotas(CellPlan plan) {
        out.printf("%-44s %16s %16s %9s %9s %12s %12s %s%n", "quota (per account-region)", "need at peak",
                "+ headroom", "cells", "(default)", "per cell", "default", "");
        for (CellPlan.QuotaNeed q : plan.quotas()) {
            out.printf("%-44s %16s %16s %9d %9d %12s %12s %s%n", q.quota().name(), fmt(q.needAtPeak()),
                    fmt(q.needWithHeadroom()), q.cellsForCeiling(), q.cellsAtDefault(), fmt(q.perCell(plan.cells())),
                    fmt(q.quota().defaultValue()), q.requestNeeded(plan.cells()) ? "REQUEST" : "default is enough");
        }
        out.println("  (cells: what the quota alone would need at its planned ceiling, and at AWS's default;"
                + " per cell: what each cell must be granted)");
    }

    private void tables(CellPlan plan) {
        out.println("\nDynamoDB per cell at the peak (on-demand; request units per second):");
        for (CellPlan.TableLoad t : plan.tables()) {
            out.printf("  %-22s %14s WRU/s %14s RRU/s%n", t.table(), fmt(t.writeUnitsPerSecond()),
                    fmt(t.readUnitsPerSecond()));
        }
    }

    private void hotKeys(CellPlan plan) {
        out.println("\nHot keys (per key, whatever the number of cells):");
        for (CellPlan.HotKey h : plan.hotKeys()) {
            out.printf("  %-60s at most %s %s (%s)%n", h.key(), fmt(h.ceilingPerSecond()), h.meaning(), h.limit());
        }
    }

    private void cost(CellPlan plan) {
        out.println("\nCost of an average day, all cells (list prices; ASSUMED = uses a labelled assumption):");
        for (CostModel.Line l : plan.costPerDay()) {
            out.printf("  %-32s %24s %-12s $%,16.0f%s%n", l.item(), fmt(Math.round(l.quantity())), l.unit(), l.usd(),
                    l.assumed() ? "  ASSUMED" : "");
        }
        out.printf("  %-32s %37s $%,16.0f  (≈ $%,.0f per month)%n", "total", "", plan.costPerDayTotal(),
                plan.costPerDayTotal() * 30);
    }
}

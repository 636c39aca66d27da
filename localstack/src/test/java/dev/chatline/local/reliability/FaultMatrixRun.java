package dev.chatline.local.reliability;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The fault matrix of issue 13: send, fan-out, receipts, group change and key fetch, each AWS call × each fault
 * kind ({@link FaultMatrix}), printed as Markdown ({@link MatrixReport}). {@link Selection#FULL} runs every case
 * ({@code scripts/reliability.sh faults}); {@link Selection#ROTATING} faults every call once — a call an earlier
 * scenario faulted already is skipped — with the fault kind rotating along the calls, so CI covers every distinct
 * call and every kind in a fraction of the time.
 */
public final class FaultMatrixRun {
    /** Which cases run. */
    public enum Selection {
        FULL, ROTATING
    }

    private FaultMatrixRun() {
    }

    /** The scenarios, in report order. */
    static List<Function<Harness, FaultScenario>> scenarios() {
        return List.of(SendScenario::new, FanoutScenario::new,
                h -> new ReceiptScenario(h, ReceiptScenario.Variant.DIRECT_DELIVERED),
                h -> new ReceiptScenario(h, ReceiptScenario.Variant.DIRECT_READ),
                h -> new ReceiptScenario(h, ReceiptScenario.Variant.DIRECT_READ_AFTER_DELIVERED),
                h -> new ReceiptScenario(h, ReceiptScenario.Variant.GROUP_READ_COMPLETES),
                GroupChangeScenario::new, KeyFetchScenario::new);
    }

    /** Runs the matrix and prints it; returns every case, the clean runs as cases without a fault. */
    public static Outcome run(Harness harness, Selection selection, PrintStream out) throws Exception {
        FaultMatrix matrix = new FaultMatrix(harness);
        MatrixReport report = new MatrixReport(out);
        List<FaultMatrix.Baseline> baselines = new ArrayList<>();
        List<FaultMatrix.Result> results = new ArrayList<>();
        Set<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
        Set<AwsFaults.Call> faulted = new HashSet<>();
        int row = 0;
        for (Function<Harness, FaultScenario> make : scenarios()) {
            try (FaultScenario scenario = make.apply(harness)) {
                FaultMatrix.Baseline baseline = matrix.baseline(scenario);
                List<FaultMatrix.Result> cases = new ArrayList<>();
                for (AwsFaults.Call call : baseline.calls().keySet()) {
                    if (selection == Selection.FULL) {
                        cases.addAll(matrix.run(scenario, baseline, call::equals, kinds));
                    } else if (faulted.add(call)) {
                        FaultKind kind = FaultKind.values()[row++ % FaultKind.values().length];
                        cases.addAll(matrix.run(scenario, baseline, call::equals, EnumSet.of(kind)));
                    }
                }
                report.scenario(baseline, cases, kinds);
                baselines.add(baseline);
                results.addAll(cases);
            }
        }
        report.totals();
        return new Outcome(baselines, results);
    }

    /** The clean runs and the faulted cases. */
    public record Outcome(List<FaultMatrix.Baseline> baselines, List<FaultMatrix.Result> results) {
    }
}

package dev.chatline.local.reliability;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the fault matrix as Markdown (docs/reliability.md quotes it): per scenario the calls of one clean run, then
 * one row per call site with pass / FAIL / "not reached" per fault kind, the failures in words, and the totals.
 */
final class MatrixReport {
    private final PrintStream out;
    private int cases;
    private int failed;
    private int gaps;
    private int notReached;
    private int duplicates;

    MatrixReport(PrintStream out) {
        this.out = out;
    }

    void scenario(FaultMatrix.Baseline baseline, List<FaultMatrix.Result> results, Set<FaultKind> kinds) {
        out.printf("%n### %s%n%nCalls of one clean run (%s):%n%n", baseline.scenario(),
                baseline.verdict().ok() ? "invariants hold" : "BROKEN: " + baseline.verdict());
        baseline.calls().forEach((call, n) -> out.printf("- %s%s%n", call, n > 1 ? " ×" + n : ""));
        out.printf("%n| call |");
        kinds.forEach(k -> out.printf(" %s |", k.label()));
        out.printf("%n|---|%s%n", "---|".repeat(kinds.size()));
        Map<AwsFaults.Call, Map<FaultKind, FaultMatrix.Result>> rows = new LinkedHashMap<>();
        results.forEach(r -> rows.computeIfAbsent(r.call(), c -> new java.util.EnumMap<>(FaultKind.class))
                .put(r.kind(), r));
        rows.forEach((call, byKind) -> {
            out.printf("| %s |", call);
            for (FaultKind k : kinds) {
                FaultMatrix.Result r = byKind.get(k);
                out.printf(" %s |", r == null ? "" : cell(r));
            }
            out.println();
        });
        results.stream().filter(FaultMatrix.Result::failed).forEach(r -> out.printf("%n- %s %s / %s: %s",
                KnownGaps.explaining(r).map(g -> "known gap " + g.id() + ",").orElse("FAIL"), r.call(),
                r.kind().label(), r.verdict()));
        results.stream().filter(r -> r.fired() && !r.verdict().notes().isEmpty()).forEach(r -> out.printf(
                "%n- note %s / %s: %s", r.call(), r.kind().label(), String.join("; ", r.verdict().notes())));
        out.println();
        for (FaultMatrix.Result r : results) {
            cases++;
            failed += KnownGaps.unexplained(r) ? 1 : 0;
            gaps += r.failed() && !KnownGaps.unexplained(r) ? 1 : 0;
            notReached += r.fired() ? 0 : 1;
            duplicates += r.verdict().rawDuplicates();
        }
    }

    void totals() {
        out.printf("%nFault matrix: %d cases, %d passed, %d failed, %d known gaps, %d not reached; %d raw duplicate"
                + " frames (same messageId again, shown once)%n", cases, cases - failed - gaps - notReached, failed,
                gaps, notReached, duplicates);
        if (gaps > 0) {
            out.println("Known gaps:");
            KnownGaps.ALL.forEach(g -> out.printf("- %s: %s%n", g.id(), g.what()));
        }
    }

    static Set<FaultKind> allKinds() {
        return EnumSet.allOf(FaultKind.class);
    }

    private static String cell(FaultMatrix.Result r) {
        if (!r.fired()) {
            return "not reached";
        }
        String dup = r.verdict().rawDuplicates() > 0 ? " (" + r.verdict().rawDuplicates() + " dup)" : "";
        String verdict = r.verdict().ok() ? "pass"
                : KnownGaps.explaining(r).map(g -> "**FAIL** (gap " + g.id() + ")").orElse("**FAIL**");
        return verdict + dup;
    }
}

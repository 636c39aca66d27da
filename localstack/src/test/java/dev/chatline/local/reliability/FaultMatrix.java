package dev.chatline.local.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs every {@link FaultScenario} once cleanly, recording the AWS calls its functions make ({@link AwsFaults}), and
 * then once per (call site × fault kind): a fresh {@link FaultScenario#prepare()}, the fault armed for the first
 * call of that site, the operation with the client's retries, a quiet system, {@link FaultScenario#verify()}.
 * A case whose site was not called again (e.g. a device list served from the warm instance's cache) is reported as
 * not reached, not as passed.
 */
public final class FaultMatrix {
    private final Harness harness;

    /** One clean run of a scenario: its calls in order, each with how often it was made. */
    public record Baseline(String scenario, Map<AwsFaults.Call, Integer> calls, Verdict verdict) {
    }

    /** One case: the scenario, the faulted call, the fault, whether it fired, and what the scenario found. */
    public record Result(String scenario, AwsFaults.Call call, FaultKind kind, boolean fired, Verdict verdict) {
        public boolean failed() {
            return fired && !verdict.ok();
        }
    }

    public FaultMatrix(Harness harness) {
        this.harness = harness;
    }

    /** The clean run of {@code scenario}; its verdict must be ok for the faulted runs to mean anything. */
    public Baseline baseline(FaultScenario scenario) throws Exception {
        AwsFaults.reset();
        scenario.prepare();
        AwsFaults.record();
        scenario.operate();
        harness.awaitQuiet();
        List<AwsFaults.Call> calls = AwsFaults.stopRecording();
        Verdict verdict = scenario.verify();
        Map<AwsFaults.Call, Integer> counted = new LinkedHashMap<>();
        calls.forEach(c -> counted.merge(c, 1, Integer::sum));
        return new Baseline(scenario.name(), counted, verdict);
    }

    /** Every (call of {@code baseline} accepted by {@code calls}) × {@code kinds} case of {@code scenario}. */
    public List<Result> run(FaultScenario scenario, Baseline baseline, Predicate<AwsFaults.Call> calls,
                            Set<FaultKind> kinds) throws Exception {
        List<Result> results = new ArrayList<>();
        for (AwsFaults.Call call : baseline.calls().keySet()) {
            if (!calls.test(call)) {
                continue;
            }
            for (FaultKind kind : kinds) {
                results.add(runCase(scenario, call, kind));
            }
        }
        return results;
    }

    private Result runCase(FaultScenario scenario, AwsFaults.Call call, FaultKind kind) throws Exception {
        AwsFaults.reset();
        scenario.prepare();
        long deadLettersBefore = harness.deadLetters();
        AwsFaults.arm(call, kind);
        boolean fired;
        try {
            scenario.operate();
            harness.awaitQuiet();
        } finally {
            fired = AwsFaults.fired();
            AwsFaults.disarm();
        }
        Verdict verdict = scenario.verify();
        long deadLetters = harness.deadLetters() - deadLettersBefore;
        verdict.check(deadLetters == 0, deadLetters + " job(s) went to the dead-letter queue");
        return new Result(scenario.name(), call, kind, fired, verdict);
    }
}

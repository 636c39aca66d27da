package dev.chatline.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault matrix in CI ({@link FaultMatrixRun.Selection#ROTATING}: every AWS call of every operation faulted once,
 * the kinds rotating; {@code -Dchatline.faults=full} runs every case): no message, system message or receipt event is
 * lost, none is shown twice, counters and membership stay consistent — except for the {@link KnownGaps}, which the
 * report lists.
 */
@Tag("slow")
class FaultMatrixTest {
    static {
        Harness.liftLimits();
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(Harness.options("faults"));

    @AfterAll
    static void restore() {
        Harness.restoreLimits();
        AwsFaults.reset();
    }

    @Test
    void noMessageReceiptOrMembershipIsLostWhicheverCallFails() throws Exception {
        FaultMatrixRun.Selection selection = "full".equals(System.getProperty("chatline.faults"))
                ? FaultMatrixRun.Selection.FULL : FaultMatrixRun.Selection.ROTATING;
        try (Harness harness = new Harness(RUNTIME.runtime())) {
            FaultMatrixRun.Outcome outcome = FaultMatrixRun.run(harness, selection, System.out);

            assertThat(outcome.baselines()).allSatisfy(b -> assertThat(b.verdict().ok())
                    .as("clean run of %s: %s", b.scenario(), b.verdict()).isTrue());
            assertThat(outcome.results()).filteredOn(KnownGaps::unexplained).isEmpty();
        }
    }
}

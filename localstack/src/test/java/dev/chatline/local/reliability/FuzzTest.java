package dev.chatline.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fuzz harness in CI: {@value #FRAMES} mutated frames (every action meets every mutation at least once) from a
 * real authenticated client; {@code -Dchatline.fuzz.frames=N} runs more, {@code scripts/reliability.sh fuzz 10000}
 * the full run. Every frame is answered (one-way receipts aside), never with an internal error, the connection
 * stays up and usable, nothing of another user is accepted or changed.
 */
@Tag("slow")
class FuzzTest {
    private static final int FRAMES = FuzzWorld.ACTIONS.size() * Mutation.values().length;
    private static final long SEED = 13;

    static {
        Harness.liftLimits();
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(Harness.options("fuzz"));

    @AfterAll
    static void restore() {
        Harness.restoreLimits();
    }

    @Test
    void everyMutatedFrameIsAnsweredWithoutHarmingAnyoneOrTheConnection() throws Exception {
        int frames = Integer.getInteger("chatline.fuzz.frames", FRAMES);
        try (Harness harness = new Harness(RUNTIME.runtime())) {
            FuzzRun.Result result = FuzzRun.run(harness, frames, SEED, System.out);

            FuzzTally tally = result.tally();
            assertThat(tally.frames).isEqualTo(frames);
            assertThat(tally.internalErrors).as("INTERNAL_ERROR replies").isZero();
            assertThat(tally.unanswered).as("frames without a reply").isZero();
            assertThat(tally.extraReplies).as("frames with more than one reply").isZero();
            assertThat(tally.drops).as("dropped connections").isZero();
            assertThat(tally.foreignSuccesses).as("other users' resources accepted").isZero();
            assertThat(tally.foreignWrongCode).as("other users' ids refused otherwise than FORBIDDEN/UNKNOWN_*")
                    .isZero();
            assertThat(tally.foreignFrames).as("frames naming other users' resources").isPositive();
            assertThat(tally.byAction()).hasSize(FuzzWorld.ACTIONS.size());
            assertThat(result.usableAfterwards()).as("a real message still delivered").isTrue();
            assertThat(result.victimChanges()).as("victims' data").isEmpty();
        }
    }
}

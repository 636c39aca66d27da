package dev.chatline.functions.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.chatline.functions.push.FirebasePushSender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void aFailingStepNeverFailsTheCheckpointAndTheOthersStillRun() {
        List<String> ran = new ArrayList<>();
        SnapStartPriming priming = SnapStartPriming.register("test", () -> ran.add("first"), () -> {
            throw new IllegalStateException("boom");
        }, () -> ran.add("last"));

        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(ran).containsExactly("first", "last");
    }

    @Test
    void theFrameStepParsesAndWritesWithoutFailing() {
        assertThatCode(SnapStartPriming.FRAMES::run).doesNotThrowAnyException();
    }

    /** Through an in-memory transport: no network, no credentials. */
    @Test
    void thePushSenderPrimesOffline() {
        assertThatCode(FirebasePushSender::prime).doesNotThrowAnyException();
    }
}

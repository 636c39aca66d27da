package dev.chatline.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A short soak in CI ({@value #USERS} users for {@value #SECONDS} s, each reconnecting every 3-9 s;
 * {@code scripts/reliability.sh soak 20 5} is the real one): 1:1 and group messages, receipts and reconnects at full
 * speed, and afterwards not one message missing on any recipient's device and every sender holding its read events.
 */
@Tag("slow")
class SoakTest {
    private static final int USERS = 6;
    private static final int SECONDS = 15;
    private static final int RECONNECT_SECONDS = 3;

    static {
        Harness.liftLimits();
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(Harness.options("soak"));

    @AfterAll
    static void restore() {
        Harness.restoreLimits();
    }

    @Test
    void noMessageOrReadEventIsLostUnderLoadWithReconnects() throws Exception {
        try (Harness harness = new Harness(RUNTIME.runtime())) {
            SoakRun.Result result = SoakRun.run(harness, USERS, SECONDS / 60.0, 13, RECONNECT_SECONDS, System.out);

            assertThat(result.messages()).isPositive();
            assertThat(result.lost()).as("deliveries missing").isZero();
            assertThat(result.missingReadEvents()).as("read events missing").isZero();
        }
    }
}

package dev.chatline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
class RateLimiterTest {
    private static final RateLimit THREE_PER_MINUTE = new RateLimit(3, Duration.ofMinutes(1));
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "ratelimit");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void allowsThePermitsThenRefusesWithTheTimeUntilTheWindowEnds() {
        f.clock.advance(Duration.ofSeconds(20)); // 20 s into a minute window
        long untilWindowEnd = 60_000 - f.clock.millis() % 60_000;
        for (int i = 0; i < 3; i++) {
            f.rateLimiter.acquire("k1", THREE_PER_MINUTE);
        }

        assertThatThrownBy(() -> f.rateLimiter.acquire("k1", THREE_PER_MINUTE))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfterMs()).isEqualTo(untilWindowEnd).isEqualTo(40_000L);
                });
    }

    @Test
    void theNextWindowAllowsAgain() {
        for (int i = 0; i < 3; i++) {
            f.rateLimiter.acquire("k2", THREE_PER_MINUTE);
        }
        assertThatThrownBy(() -> f.rateLimiter.acquire("k2", THREE_PER_MINUTE))
                .isInstanceOf(ProtocolException.class);

        f.clock.advance(Duration.ofMinutes(1));

        f.rateLimiter.acquire("k2", THREE_PER_MINUTE);
    }

    @Test
    void keysAreCountedSeparately() {
        for (int i = 0; i < 3; i++) {
            f.rateLimiter.acquire("k3-alice", THREE_PER_MINUTE);
        }

        f.rateLimiter.acquire("k3-bob", THREE_PER_MINUTE);
        assertThatThrownBy(() -> f.rateLimiter.acquire("k3-alice", THREE_PER_MINUTE))
                .isInstanceOf(ProtocolException.class);
    }
}

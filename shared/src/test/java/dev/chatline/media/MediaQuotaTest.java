package dev.chatline.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The daily bytes of upload URLs per user. */
@ExtendWith(MotoExtension.class)
class MediaQuotaTest {
    private static final long MB = 1024 * 1024;
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "media-quota");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static MediaQuota quota(long dailyBytes) {
        return new MediaQuota(new RateLimiter(f.ddb, f.config, f.clock, Metrics.NOOP),
                ChatConfig.of(Map.of(MediaQuota.DAILY_BYTES, Long.toString(dailyBytes))));
    }

    @Test
    void uploadsFitUntilTheDaysBytesAreUsedThenWaitForTheNextUtcDay() {
        MediaQuota quota = quota(250 * MB);
        quota.reserve("ann", 100 * MB);
        quota.reserve("ann", 100 * MB);
        long untilMidnight = Duration.between(f.clock.instant(),
                Instant.parse("2025-06-02T00:00:00Z")).toMillis();

        assertThatThrownBy(() -> quota.reserve("ann", 100 * MB))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_QUOTA_EXCEEDED);
                    assertThat(e.retryAfterMs()).isEqualTo(untilMidnight);
                });
        quota.reserve("ann", 50 * MB); // what still fits is issued
        quota.reserve("ben", 100 * MB); // per user

        f.clock.advance(Duration.ofMillis(untilMidnight));
        quota.reserve("ann", 100 * MB);
    }

    @Test
    void theDefaultIsTwoGibibytesADay() {
        MediaQuota quota = new MediaQuota(new RateLimiter(f.ddb, f.config, f.clock, Metrics.NOOP),
                ChatConfig.of(Map.of()));
        for (int i = 0; i < 20; i++) {
            quota.reserve("cid", 100 * MB);
        }
        quota.reserve("cid", 48 * MB);

        assertThatThrownBy(() -> quota.reserve("cid", 1)).isInstanceOf(ProtocolException.class);
        assertThat(MediaQuota.DEFAULT_DAILY_BYTES).isEqualTo(2048 * MB);
    }
}

package dev.chatline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void doublingPausesGrowUpToTheCap() throws InterruptedException {
        Backoff b = Backoff.doubling(6, Duration.ofMillis(100), Duration.ofMillis(500)).withSleeper(pauses::add);
        for (int attempt = 1; b.pause(attempt); attempt++) {
            // every failed attempt pauses until none is left
        }
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void noMoreThanMaxAttemptsAreAllowed() throws InterruptedException {
        Backoff b = Backoff.fullJitter(3, Duration.ofMillis(10), Duration.ofMillis(50)).withSleeper(pauses::add);
        assertThat(b.pause(1)).isTrue();
        assertThat(b.pause(2)).isTrue();
        assertThat(b.pause(3)).as("the third attempt was the last").isFalse();
        assertThat(pauses).hasSize(2);
    }

    @Test
    void fullJitterDrawsUniformlyUpToTheExponentialCeiling() {
        Backoff b = Backoff.fullJitter(40, Duration.ofMillis(25), Duration.ofSeconds(1)).withRandom(new Random(7));
        for (int attempt = 1; attempt < 40; attempt++) {
            long ceiling = Math.min(1000, 25L << Math.min(30, attempt - 1));
            assertThat(b.delay(attempt).toMillis()).isBetween(0L, ceiling);
        }
    }

    @Test
    void fullJitterUsesTheInjectedRandom() {
        Backoff b = Backoff.fullJitter(5, Duration.ofMillis(100), Duration.ofSeconds(1)).withRandom(() -> 0L);
        assertThat(b.delay(3)).isZero();
        Backoff top = Backoff.fullJitter(5, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withRandom(new java.util.random.RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return 0;
                    }

                    @Override
                    public long nextLong(long bound) {
                        return bound - 1;
                    }
                });
        assertThat(top.delay(3)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aLargeAttemptNumberDoesNotOverflowPastTheCap() {
        Backoff b = Backoff.doubling(1000, Duration.ofMillis(25), Duration.ofSeconds(1));
        assertThat(b.delay(999)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThatThrownBy(() -> Backoff.fullJitter(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.doubling(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

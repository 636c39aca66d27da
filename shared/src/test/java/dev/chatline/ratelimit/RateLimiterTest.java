package dev.chatline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.aws.AwsClients;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Fixed windows on moto's DynamoDB: permits, refusals remembered per instance, weighted takes (quotas). */
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
    void aWindowThatRefusedIsRememberedUntilItEndsWithoutAnotherCall() {
        AtomicInteger updates = new AtomicInteger();
        RateLimiter counted = new RateLimiter(new AwsClients(f.config, List.of(Interceptors.before(
                UpdateItemRequest.class, r -> updates.incrementAndGet()))).dynamoDb(), f.config, f.clock,
                Metrics.NOOP);
        for (int i = 0; i < 3; i++) {
            counted.acquire("k4", THREE_PER_MINUTE);
        }
        assertThat(counted.tryAcquire("k4", THREE_PER_MINUTE)).isFalse();
        assertThat(updates).hasValue(4);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> counted.acquire("k4", THREE_PER_MINUTE))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.retryAfterMs()).isPositive());
        }
        assertThatThrownBy(() -> counted.refuseIfKnownFull("k4", THREE_PER_MINUTE))
                .isInstanceOf(ProtocolException.class);
        assertThat(updates).as("refusals remembered: no more writes").hasValue(4);

        f.clock.advance(Duration.ofMinutes(1));
        counted.refuseIfKnownFull("k4", THREE_PER_MINUTE);
        counted.acquire("k4", THREE_PER_MINUTE);
        assertThat(updates).hasValue(5);
    }

    @Test
    void tryAcquireAnswersWithoutThrowingAndANewInstanceAsksTheTable() {
        assertThat(f.rateLimiter.tryAcquire("k5", new RateLimit(1, Duration.ofMinutes(1)))).isTrue();
        assertThat(f.rateLimiter.tryAcquire("k5", new RateLimit(1, Duration.ofMinutes(1)))).isFalse();
        RateLimiter other = new RateLimiter(f.ddb, f.config, f.clock, Metrics.NOOP);
        assertThat(other.tryAcquire("k5", new RateLimit(1, Duration.ofMinutes(1)))).isFalse();
    }

    @Test
    void aWeightedTakeCountsUnitsAndRefusesOnlyWhatNoLongerFits() {
        RateLimit hundredPerDay = new RateLimit(100, Duration.ofDays(1));
        assertThat(f.rateLimiter.take("k6", 60, hundredPerDay)).isZero();
        assertThat(f.rateLimiter.take("k6", 50, hundredPerDay)).as("60 + 50 > 100").isPositive();
        assertThat(f.rateLimiter.take("k6", 70, hundredPerDay)).as("a larger amount is refused from memory")
                .isPositive();
        assertThat(f.rateLimiter.take("k6", 40, hundredPerDay)).as("a smaller one still fits").isZero();
        assertThat(f.rateLimiter.take("k6", 1, hundredPerDay)).isPositive();
        assertThat(f.rateLimiter.take("k7", 101, hundredPerDay)).as("more than the window holds").isPositive();
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

package dev.chatline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RouteLimits.Bucket;
import dev.chatline.testing.PresenceFixture;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The route-entry limits: which budget each route takes, per user, configured once. */
@ExtendWith(MotoExtension.class)
class RouteLimitsTest {
    private static PresenceFixture f;

    @BeforeAll
    static void setUp(MotoServer moto) {
        f = new PresenceFixture(moto, "route-limits");
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @Test
    void theDefaultsApplyWhenNothingIsConfigured() {
        RouteLimits limits = new RouteLimits(f.rateLimiter, ChatConfig.of(Map.of()));
        assertThat(limits.limit(Bucket.PRESENCE_SUBSCRIBE)).isEqualTo(new RateLimit(30, Duration.ofMinutes(1)));
        assertThat(limits.limit(Bucket.SETTINGS)).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(limits.limit(Bucket.GROUP_CREATE)).isEqualTo(new RateLimit(20, Duration.ofHours(1)));
        assertThat(limits.limit(Bucket.RECEIPT)).isEqualTo(new RateLimit(1200, Duration.ofMinutes(1)));
    }

    @Test
    void everyBudgetIsConfigurableByItsTwoKeys() {
        Map<String, String> values = new HashMap<>();
        Arrays.stream(Bucket.values()).forEach(b -> {
            values.put(b.permitsKey(), "7");
            values.put(b.windowKey(), "9");
        });
        RouteLimits limits = new RouteLimits(f.rateLimiter, ChatConfig.of(values));
        assertThat(Bucket.values()).allSatisfy(b -> assertThat(limits.limit(b))
                .isEqualTo(new RateLimit(7, Duration.ofSeconds(9))));
        assertThat(Bucket.RECEIPT.permitsKey()).isEqualTo("CHATLINE_RECEIPT_RATE_PERMITS");
        assertThat(Bucket.RECEIPT.windowKey()).isEqualTo("CHATLINE_RECEIPT_RATE_WINDOW_SECONDS");
    }

    @Test
    void aRouteBeyondItsBudgetIsRateLimitedPerUser() {
        Identity gina = new Identity("gina", "phone");
        for (int i = 0; i < 10; i++) {
            f.routeLimits.admit("settings", gina);
        }

        assertThatThrownBy(() -> f.routeLimits.admit("settings", gina))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfterMs()).isBetween(1L, 60_000L);
                });
        f.routeLimits.admit("settings", new Identity("hank", "phone"));
        f.routeLimits.admit("settings", new Identity("gina-2", "phone"));
    }

    @Test
    void everyDeviceOfAUserDrawsOnTheUsersBudget() {
        RouteLimits two = new RouteLimits(f.rateLimiter, ChatConfig.of(Map.of(Bucket.SYNC.permitsKey(), "2")));
        two.admit("sync", new Identity("ivy", "phone"));
        two.admit("sync", new Identity("ivy", "laptop"));

        assertThatThrownBy(() -> two.admit("sync", new Identity("ivy", "made-up-device")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void cheapRoutesShareOneBudgetAndOtherRoutesKeepTheirOwn() {
        RouteLimits limits = new RouteLimits(f.rateLimiter, ChatConfig.of(Map.of(Bucket.LOOKUP.permitsKey(), "3")));
        Identity jay = new Identity("jay", "phone");
        limits.admit("groupInfo", jay);
        limits.admit("keysCount", jay);
        limits.admit("registerPush", jay);

        assertThatThrownBy(() -> limits.admit("groupList", jay)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> limits.admit("mediaDownload", jay)).isInstanceOf(ProtocolException.class);
        limits.admit("history", jay);
        limits.admit("groupAdd", jay);
    }

    @Test
    void routesLimitedElsewhereOrReadingNothingTakeNoPermit() {
        // a limiter without a DynamoDB client: any permit taken would fail
        RouteLimits one = new RouteLimits(new RateLimiter(null, f.config, f.clock, Metrics.NOOP), f.config);
        Identity kim = new Identity("kim", "phone");
        for (String route : java.util.List.of("sendMessage", "keysFetch", "$default", "$disconnect")) {
            for (int i = 0; i < 3; i++) {
                one.admit(route, kim);
            }
        }
        assertThat(RouteLimits.LIMITED_BY_SERVICE).doesNotContainAnyElementsOf(RouteLimits.UNLIMITED);
        assertThat(Arrays.stream(Bucket.values()).flatMap(b -> b.routes().stream()))
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(RouteLimits.LIMITED_BY_SERVICE)
                .doesNotContainAnyElementsOf(RouteLimits.UNLIMITED);
    }
}

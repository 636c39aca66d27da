package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import org.junit.jupiter.api.Test;

class CapacityPlanTest {
    private static final ChatlineSettings.Throttle ACCOUNT_API = new ChatlineSettings.Throttle(10_000, 5_000);

    @Test
    void theDefaultAccountReservesTheMessagePathAndLeavesMoreThanAThirdUnreserved() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 1_000);

        assertThat(plan.reservedConcurrency(FunctionCatalog.SEND_MESSAGE)).hasValue(200); // 2,000/s × 100 ms
        assertThat(plan.reservedConcurrency(FunctionCatalog.RECEIPT)).hasValue(120);
        assertThat(plan.reservedConcurrency(FunctionCatalog.CONNECT)).hasValue(50);
        assertThat(plan.reservedConcurrency(FunctionCatalog.FANOUT)).hasValue(50);
        assertThat(plan.reservedConcurrency(FunctionCatalog.PUSH)).hasValue(40);
        assertThat(plan.reservedConcurrency(FunctionCatalog.GROUP_CREATE)).isEmpty();
        assertThat(plan.totalReserved()).isLessThanOrEqualTo(700);
        assertThat(1_000 - plan.totalReserved()).isGreaterThanOrEqualTo(CapacityPlan.MIN_UNRESERVED);
        assertThat(plan.eventSourceConcurrency(FunctionCatalog.FANOUT)).isEqualTo(50);
    }

    @Test
    void routesGetTheirShareOfTheStageRateAndBurst() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 1_000);

        assertThat(plan.routeThrottles().get("sendMessage")).isEqualTo(new CapacityPlan.RouteThrottle(2_000, 1_000));
        assertThat(plan.routeThrottles().get("$connect")).isEqualTo(new CapacityPlan.RouteThrottle(500, 250));
        assertThat(plan.routeThrottles().get(MockRoutes.HEARTBEAT.routeKey()))
                .isEqualTo(new CapacityPlan.RouteThrottle(2_500, 1_250));
        assertThat(plan.routeThrottles().get("groupCreate")).isEqualTo(new CapacityPlan.RouteThrottle(100, 50));
        // a lost $disconnect would leave the user shown online: it keeps the stage default
        assertThat(plan.routeThrottles()).doesNotContainKey("$disconnect");
        for (FunctionDef def : FunctionCatalog.ALL) {
            if (def.trigger() instanceof Trigger.Route r && !"$disconnect".equals(r.routeKey())) {
                assertThat(plan.routeThrottles()).as(r.routeKey()).containsKey(r.routeKey());
            }
        }
    }

    @Test
    void aRateBeyondTheConcurrencyIsCappedAtWhatTheReservationCanServe() {
        CapacityPlan plan = new CapacityPlan(new ChatlineSettings.Throttle(50_000, 25_000), 1_000);

        int reserved = plan.reservedConcurrency(FunctionCatalog.SEND_MESSAGE).orElseThrow();
        assertThat(plan.totalReserved()).isLessThanOrEqualTo(700);
        // Little's law: 100 ms each, so the reservation serves reserved × 10 requests per second
        assertThat(plan.routeThrottles().get("sendMessage").rateLimit()).isEqualTo(reserved * 10.0);
    }

    @Test
    void aNewAccountWithTenConcurrentExecutionsGetsNoReservationsButStillCapsTheFanout() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 10);

        assertThat(plan.reservationsSkipped()).isTrue();
        assertThat(plan.reservedConcurrency(FunctionCatalog.SEND_MESSAGE)).isEmpty();
        assertThat(plan.eventSourceConcurrency(FunctionCatalog.FANOUT)).isEqualTo(2);
    }

    @Test
    void moreConcurrencyRaisesTheQueuedShares() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 3_000);

        assertThat(plan.reservedConcurrency(FunctionCatalog.FANOUT)).hasValue(150);
        assertThat(plan.eventSourceConcurrency(FunctionCatalog.FANOUT)).isEqualTo(150);
        assertThat(plan.reservedConcurrency(FunctionCatalog.SEND_MESSAGE)).hasValue(200);
    }

    @Test
    void shardsSplitTheFanoutReservationBetweenTheirEventSources() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 1_000, 3);

        assertThat(plan.reservedConcurrency(FunctionCatalog.FANOUT)).hasValue(50);
        assertThat(plan.eventSources(FunctionCatalog.FANOUT)).isEqualTo(3);
        assertThat(plan.eventSourceConcurrency(FunctionCatalog.FANOUT)).isEqualTo(16); // 3 × 16 ≤ 50
        assertThat(plan.eventSources(FunctionCatalog.PUSH)).isEqualTo(1);
    }

    @Test
    void aSmallReservationIsRaisedToTheLowestConcurrencyOfEveryShard() {
        CapacityPlan plan = new CapacityPlan(ACCOUNT_API, 600, 8);

        assertThat(plan.eventSourceConcurrency(FunctionCatalog.FANOUT)).isEqualTo(2);
        assertThat(plan.reservedConcurrency(FunctionCatalog.FANOUT).orElseThrow()).isGreaterThanOrEqualTo(16);
    }
}

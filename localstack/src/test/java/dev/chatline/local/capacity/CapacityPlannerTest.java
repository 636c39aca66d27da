package dev.chatline.local.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capacity model on round numbers, then on the checked-in files with the seed's workload. */
class CapacityPlannerTest {
    /** The repository's files, seen from the module directory the tests run in. */
    private static final Path DOCS = Path.of("..", "docs");
    private static PriceTable prices;
    private static Quotas quotas;

    /** 1:1 message: 3 client messages, 4 out, 3 posts; sendMessage + 2 receipts; 5 WRU on three tables. */
    private static final UsageProfile MESSAGE = new UsageProfile(3, 4, Map.of("sendMessage", 1.0, "receipt", 2.0),
            10, Map.of("messages", 2.0, "chats", 1.0, "inbox", 2.0), Map.of("receipts", 1.0), 0, 0, 3);
    private static final UsageProfile CONNECT = new UsageProfile(0, 0, Map.of("connect", 1.0, "authorizer", 1.0),
            5, Map.of("connections", 1.0), Map.of(), 0, 0, 0);
    private static final UsageProfile HEARTBEAT = new UsageProfile(1, 1, Map.of(), 0, Map.of(), Map.of(), 0, 0, 0);
    private static final MeasuredUsage USAGE = new MeasuredUsage("test", MESSAGE, CONNECT, HEARTBEAT, 100);
    /**
     * 100,000 messages/s on average, 200,000 at the peak, one delivery each, half of them pushes; 500,000
     * connections at the peak, each 50 minutes: 166.7 connects/s and 5,000 heartbeats/s; no headroom.
     */
    private static final Workload ROUND = new Workload(1e6, 8.64e9, 2, 0.5, 50, 1, 0.5, 1);

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        prices = PriceTable.load(DOCS.resolve("aws-prices.properties"));
        Path file = dir.resolve("quotas.properties");
        Files.writeString(file, """
                apigateway.newConnectionsPerSecond.default=500
                apigateway.newConnectionsPerSecond.ceiling=10000
                apigateway.requestsPerSecond.default=10000
                apigateway.requestsPerSecond.ceiling=100000
                lambda.concurrency.default=1000
                lambda.concurrency.ceiling=50000
                sqs.fifoTransactionsPerSecondPerQueue.default=70000
                sqs.fifoTransactionsPerSecondPerQueue.ceiling=70000
                sqs.fifoTransactionsPerSecondPerGroup=300
                sns.publishesPerSecond.default=30000
                sns.publishesPerSecond.ceiling=300000
                fcm.messagesPerSecondPerProject=10000
                dynamodb.tableWriteUnitsPerSecond.default=40000
                dynamodb.tableWriteUnitsPerSecond.ceiling=400000
                dynamodb.tableReadUnitsPerSecond.default=40000
                dynamodb.tableReadUnitsPerSecond.ceiling=400000
                dynamodb.partitionWriteUnitsPerSecond=1000
                dynamodb.partitionReadUnitsPerSecond=3000
                assume.push.writeUnits=2
                assume.push.readUnits=1
                """);
        quotas = Quotas.load(file);
    }

    private static CellPlan plan(Workload w) {
        return new CapacityPlanner(USAGE, quotas, prices).plan(w);
    }

    @Test
    void theQuotaWithTheLargestNeedOverItsCeilingSetsTheCells() {
        CellPlan plan = plan(ROUND);

        // 200,000 × (3 client messages + 3 posts) + 5,000 heartbeats = 1,205,000/s over 100,000 per cell
        assertThat(plan.byKey("apigateway.requestsPerSecond").needAtPeak()).isCloseTo(1_205_000, within(1e-6));
        assertThat(plan.cells()).isEqualTo(13);
        assertThat(plan.binding().quota().key()).isEqualTo("apigateway.requestsPerSecond");
        assertThat(plan.byKey("apigateway.newConnectionsPerSecond").needAtPeak()).isCloseTo(500_000 / 3_000.0,
                within(1e-6));
        assertThat(plan.byKey("sns.publishesPerSecond").needAtPeak()).isCloseTo(100_000, within(1e-6));
        assertThat(plan.byKey("dynamodb.tableWriteUnitsPerSecond").needAtPeak()).as("messages and inbox: 2 × 200,000")
                .isCloseTo(400_000, within(1e-6));
    }

    @Test
    void lambdaConcurrencyIsEachFunctionsRateTimesItsBilledDuration() {
        double expected = 200_000 * prices.assumedBilledMs("sendMessage") / 1000
                + 400_000 * prices.assumedBilledMs("receipt") / 1000
                + 100_000 * prices.assumedBilledMs("push") / 1000
                + 500_000 / 3_000.0 * (prices.assumedBilledMs("connect") + prices.assumedBilledMs("authorizer")) / 1000;

        assertThat(plan(ROUND).byKey("lambda.concurrency").needAtPeak()).isCloseTo(expected, within(1e-6));
    }

    @Test
    void eachCellIsGrantedItsShareOfTheNeedWithHeadroomAndOnlyAboveTheDefaultIsARequest() {
        CellPlan plan = plan(new Workload(1e6, 8.64e9, 2, 0.5, 50, 1, 0.5, 1.5));

        CellPlan.QuotaNeed api = plan.byKey("apigateway.requestsPerSecond");
        assertThat(api.needWithHeadroom()).isCloseTo(1_205_000 * 1.5, within(1e-6));
        assertThat(plan.cells()).isEqualTo(19); // 1,807,500 / 100,000
        assertThat(api.perCell(plan.cells())).isEqualTo(Math.ceil(1_807_500 / 19.0));
        assertThat(api.requestNeeded(plan.cells())).isTrue();
        assertThat(plan.byKey("apigateway.newConnectionsPerSecond").requestNeeded(plan.cells())).as("250/s per cell")
                .isFalse();
        assertThat(plan.cdkContext()).containsEntry("throttleRateLimit", Long.toString((long) api.perCell(19)))
                .containsEntry("fanoutShards", "1");
        assertThat(plan.fcmProjects()).isEqualTo(15); // 150,000 pushes/s over 10,000 per project
    }

    @Test
    void hotKeysComeFromThePartitionLimitOverTheUnitsOnTheTablesKeyedByThatKey() {
        assertThat(plan(ROUND).hotKeys()).extracting(h -> h.key() + " " + h.limit().split(" ")[0] + " "
                + Math.round(h.ceilingPerSecond())).containsExactlyInAnyOrder(
                "one chat chats 1000", "one chat messages 500", "one device inbox 500",
                "one chat on the fan-out queue (groups above 16 users, retries) SQS 300");
    }

    @Test
    void aDayIsTheWorkAtTheAverageRatesPricedByThePriceTable() {
        CellPlan plan = plan(ROUND);
        double connections = 250_000; // the peak's 500,000 over the peak-to-average of 2
        double apiMessages = 8.64e9 * 7 + connections * 86_400 / 100 * 2;
        CostModel.Line api = plan.costPerDay().stream().filter(l -> l.item().equals("API Gateway")).findFirst()
                .orElseThrow();
        assertThat(api.quantity()).isCloseTo(apiMessages, within(1.0));
        assertThat(api.usd()).isCloseTo(apiMessages * prices.apiGatewayPerMessage(), within(1e-3));
        CostModel.Line minutes = plan.costPerDay().get(plan.costPerDay().size() - 1);
        assertThat(minutes.quantity()).isCloseTo(connections * 1_440, within(1e-3));
        assertThat(plan.costPerDayTotal()).isEqualTo(CostModel.total(plan.costPerDay()));
    }

    @Test
    void aWorkloadOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Workload(1e6, 1e9, 0.5, 0.1, 60, 1, 0.3, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peak-to-average");
        assertThatThrownBy(() -> new Workload(1e6, 1e9, 2, 0.1, 180, 1, 0.3, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMeasuredUsageFileRoundTrips(@TempDir Path dir) {
        Path file = dir.resolve("usage.properties");
        USAGE.write(file);

        assertThat(MeasuredUsage.load(file)).isEqualTo(USAGE);
    }

    @Test
    void theCheckedInFilesPlanTheSeedsWorkload() {
        MeasuredUsage measured = MeasuredUsage.load(DOCS.resolve("usage-per-message.properties"));
        CellPlan plan = new CapacityPlanner(measured, Quotas.load(DOCS.resolve("aws-quotas.properties")), prices)
                .plan(new Workload(2e9, 1e11, 2.5, 0.15, 60, 1.3, 0.3, 1.5));

        assertThat(measured.message().apiGatewayMessages()).as("measured, not empty").isPositive();
        assertThat(plan.cells()).isGreaterThan(1);
        assertThat(plan.quotas()).allSatisfy(q -> assertThat(q.cellsForCeiling()).isLessThanOrEqualTo(plan.cells()));
        assertThat(plan.costPerDayTotal()).isPositive().isFinite();
    }
}

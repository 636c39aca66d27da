package dev.chatline.local.capacity;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import java.util.List;
import java.util.Map;

/**
 * Dollars from counts: each billed quantity of a {@link UsageProfile} × its list price from the {@link PriceTable};
 * Lambda compute, logs and traces also need the table's labelled assumptions (billed duration, log bytes, sampled
 * share), and say so. Function memory comes from the {@link FunctionCatalog}. The benchmark prices what it measured
 * with it, the capacity planner a day of a workload.
 */
public final class CostModel {
    private final PriceTable prices;

    public CostModel(PriceTable prices) {
        this.prices = prices;
    }

    /** One billed item: its quantity and dollars per unit of the profile. */
    public record Line(String item, double quantity, String unit, double usd, boolean assumed) {
        /** The same item for {@code n} units. */
        public Line times(double n) {
            return new Line(item, quantity * n, unit, usd * n, assumed);
        }
    }

    public List<Line> lines(UsageProfile u) {
        double invocations = u.totalInvocations();
        double gbSeconds = gbSeconds(u.invocations());
        double logBytes = invocations * prices.assumedLogBytesPerInvocation();
        double traces = invocations * prices.assumedXraySampledShare();
        return List.of(
                new Line("API Gateway", u.apiGatewayMessages(), "messages",
                        u.apiGatewayMessages() * prices.apiGatewayPerMessage(), false),
                new Line("Lambda requests", invocations, "invocations", invocations * prices.lambdaPerRequest(), false),
                new Line("Lambda compute", gbSeconds, "GB-s", gbSeconds * prices.lambdaPerGbSecond(), true),
                new Line("DynamoDB writes", u.totalWriteUnits(), "WRU",
                        u.totalWriteUnits() * prices.dynamoPerWriteUnit(), false),
                new Line("DynamoDB reads", u.totalReadUnits(), "RRU",
                        u.totalReadUnits() * prices.dynamoPerReadUnit(), false),
                new Line("SQS", u.sqsRequests(), "requests", u.sqsRequests() * prices.sqsPerRequest(), false),
                new Line("SNS", u.snsPublishes(), "publishes", u.snsPublishes() * prices.snsPerPublish(), false),
                new Line("CloudWatch Logs", logBytes, "bytes", logBytes * prices.logsPerByte(), true),
                new Line("X-Ray", traces, "traces", traces * prices.xrayPerTrace(), true));
    }

    /** Σ invocations × memory (GB) × ASSUMED billed seconds, per function. */
    private double gbSeconds(Map<String, Double> invocations) {
        return invocations.entrySet().stream().mapToDouble(e -> e.getValue() * memoryGb(e.getKey())
                * prices.assumedBilledMs(e.getKey()) / 1000.0).sum();
    }

    private static double memoryGb(String function) {
        return FunctionCatalog.byName(function).map(FunctionDef::memoryMb).orElse(1024) / 1024.0;
    }

    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::usd).sum();
    }
}

package dev.chatline.local.bench;

import dev.chatline.local.capacity.PriceTable;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import java.util.List;
import java.util.Map;

/**
 * Dollars from counts: each billed quantity × its list price from the {@link PriceTable}; Lambda compute, logs and
 * traces also need the table's labelled assumptions (billed duration, log bytes, sampled share), and say so.
 * Function memory comes from the {@link FunctionCatalog}.
 */
final class CostModel {
    private final PriceTable prices;

    CostModel(PriceTable prices) {
        this.prices = prices;
    }

    /** One billed item: its quantity and dollars per {@code per} units of work (e.g. per message). */
    record Line(String item, double quantity, String unit, double usd, boolean assumed) {
    }

    List<Line> lines(Usage u, double per) {
        double invocations = u.invocationCount() / per;
        double gbSeconds = gbSeconds(u.invocations()) / per;
        double logBytes = invocations * prices.assumedLogBytesPerInvocation();
        double traces = invocations * prices.assumedXraySampledShare();
        double sqs = u.billedOf("Sqs") / per;
        double sns = u.billedOf("Sns") / per;
        return List.of(
                new Line("API Gateway", u.apiGatewayMessages() / per, "messages",
                        u.apiGatewayMessages() / per * prices.apiGatewayPerMessage(), false),
                new Line("Lambda requests", invocations, "invocations", invocations * prices.lambdaPerRequest(), false),
                new Line("Lambda compute", gbSeconds, "GB-s", gbSeconds * prices.lambdaPerGbSecond(), true),
                new Line("DynamoDB writes", u.writeUnits() / per, "WRU",
                        u.writeUnits() / per * prices.dynamoPerWriteUnit(), false),
                new Line("DynamoDB reads", u.readUnits() / per, "RRU",
                        u.readUnits() / per * prices.dynamoPerReadUnit(), false),
                new Line("SQS", sqs, "requests", sqs * prices.sqsPerRequest(), false),
                new Line("SNS", sns, "publishes", sns * prices.snsPerPublish(), false),
                new Line("CloudWatch Logs", logBytes, "bytes", logBytes * prices.logsPerByte(), true),
                new Line("X-Ray", traces, "traces", traces * prices.xrayPerTrace(), true));
    }

    /** Σ invocations × memory (GB) × ASSUMED billed seconds, per function. */
    private double gbSeconds(Map<String, Long> invocations) {
        return invocations.entrySet().stream().mapToDouble(e -> e.getValue() * memoryGb(e.getKey())
                * prices.assumedBilledMs(e.getKey()) / 1000.0).sum();
    }

    private static double memoryGb(String function) {
        return FunctionCatalog.byName(function).map(FunctionDef::memoryMb).orElse(1024) / 1024.0;
    }

    static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::usd).sum();
    }
}

package dev.chatline.local.bench;

import dev.chatline.local.capacity.CostModel;
import dev.chatline.local.capacity.PriceTable;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints a {@link Usage} divided by a number of units of work ("per message", "per heartbeat"). */
final class UsageReport {
    private final PrintStream out;
    private final PriceTable prices;

    UsageReport(PrintStream out, PriceTable prices) {
        this.out = out;
        this.prices = prices;
    }

    PriceTable prices() {
        return prices;
    }

    /** AWS calls by service, then by operation (the {@code ApiGatewayManagementApi} calls are the local gateway). */
    void calls(Usage u, double per, String unit) {
        out.println("AWS API calls " + unit + ":");
        Map<String, Double> byService = new TreeMap<>();
        u.calls().forEach((op, n) -> byService.merge(op.split(" ")[0], n / per, Double::sum));
        byService.forEach((s, n) -> out.printf("  %-24s %8.2f%n", s, n));
        u.calls().forEach((op, n) -> out.printf("    %-40s %8.2f%n", op, n / per));
    }

    /** DynamoDB units, API Gateway messages, Lambda invocations per function. */
    void units(Usage u, double per, String unit) {
        out.printf("DynamoDB %s: %.2f WRU, %.2f RRU (computed from item sizes; moto's ConsumedCapacity: %.2f"
                + " units, size-blind, not used)%n", unit, u.writeUnits() / per, u.readUnits() / per,
                u.motoReportedUnits() / per);
        out.printf("API Gateway messages %s: %.2f (%.2f client -> server, %.2f server -> client; 32 KB units)%n",
                unit, u.apiGatewayMessages() / per, u.messagesIn() / per, u.messagesOut() / per);
        StringBuilder fns = new StringBuilder();
        u.invocations().forEach((fn, n) -> fns.append(String.format("  %s %.2f", fn, n / per)));
        out.printf("Lambda invocations %s: %.2f (%s)%n", unit, u.invocationCount() / per, fns.toString().trim());
    }

    /** The itemised cost of {@code scale} units of work, e.g. per million messages. */
    void cost(Usage u, double per, double scale, String title) {
        List<CostModel.Line> lines = new CostModel(prices).lines(u.profile(per));
        out.printf("%s (prices: %s):%n", title, prices.source());
        for (CostModel.Line line : lines) {
            out.printf("  %-16s %,18.1f %-12s $%,11.4f%s%n", line.item(), line.quantity() * scale, line.unit(),
                    line.usd() * scale, line.assumed() ? "   ASSUMED " + assumption(line.item()) : "");
        }
        out.printf("  %-16s %31s $%,11.4f%n", "total", "", CostModel.total(lines) * scale);
    }

    private String assumption(String item) {
        return switch (item) {
            case "Lambda compute" -> "billed duration per invocation (docs/aws-prices.properties assume.lambda.*)";
            case "CloudWatch Logs" -> String.format("%.0f log bytes per invocation",
                    prices.assumedLogBytesPerInvocation());
            case "X-Ray" -> String.format("%.0f%% of invocations traced", 100 * prices.assumedXraySampledShare());
            default -> "";
        };
    }
}

package dev.chatline.local.capacity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/capacity.sh}: prints the cells a workload needs and why, each cell's quota requests and CDK
 * context, the fan-out shards, DynamoDB capacity per table, SNS and FCM needs, hot-key limits and the cost per day
 * (docs/scaling.md).
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Plan cells for a workload from the measured usage, the quota list and the price table.")
public final class CapacityCommand implements Callable<Integer> {
    @Option(names = "--users", defaultValue = "2e9", description = "Registered users (default: ${DEFAULT-VALUE}).")
    double users;

    @Option(names = "--messages-per-day", defaultValue = "1e11", description = "Messages per day (default: ${DEFAULT-VALUE}).")
    double messagesPerDay;

    @Option(names = "--peak-to-average", defaultValue = "2.5", description = "Peak message rate over the daily average (default: ${DEFAULT-VALUE}).")
    double peakToAverage;

    @Option(names = "--connected-share", defaultValue = "0.15", description = "Share of users connected at the peak (default: ${DEFAULT-VALUE}).")
    double connectedShare;

    @Option(names = "--connection-minutes", defaultValue = "60", description = "Average connection lifetime, at most 120 (default: ${DEFAULT-VALUE}).")
    double connectionMinutes;

    @Option(names = "--recipients", defaultValue = "1.3", description = "Devices a message is delivered to on average (default: ${DEFAULT-VALUE}).")
    double recipients;

    @Option(names = "--offline-share", defaultValue = "0.3", description = "Share of deliveries to offline devices, each a push (default: ${DEFAULT-VALUE}).")
    double offlineShare;

    @Option(names = "--headroom", defaultValue = "1.5", description = "Factor over the peak for every quota (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Option(names = "--usage", defaultValue = MeasuredUsage.DEFAULT_FILE, description = "Measured usage (default: ${DEFAULT-VALUE}).")
    Path usageFile;

    @Option(names = "--quotas", defaultValue = Quotas.DEFAULT_FILE, description = "Quota list (default: ${DEFAULT-VALUE}).")
    Path quotasFile;

    @Option(names = "--prices", defaultValue = PriceTable.DEFAULT_FILE, description = "Price table (default: ${DEFAULT-VALUE}).")
    Path pricesFile;

    private final PrintStream out;

    public CapacityCommand() {
        this(System.out);
    }

    CapacityCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CapacityCommand()).execute(args));
    }

    @Override
    public Integer call() {
        Workload w = new Workload(users, messagesPerDay, peakToAverage, connectedShare, connectionMinutes,
                recipients, offlineShare, headroom);
        CapacityPlanner planner = new CapacityPlanner(MeasuredUsage.load(usageFile), Quotas.load(quotasFile),
                PriceTable.load(pricesFile));
        new PlanReport(out).print(w, planner.plan(w));
        return 0;
    }
}

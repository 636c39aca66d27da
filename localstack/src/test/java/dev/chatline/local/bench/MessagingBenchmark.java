package dev.chatline.local.bench;

import dev.chatline.local.capacity.MeasuredUsage;
import dev.chatline.local.capacity.PriceTable;
import dev.chatline.local.capacity.UsageProfile;

import dev.chatline.emulator.MotoServer;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Load harness for 1:1 messaging through the whole local stack (real WebSocket clients → local API Gateway →
 * in-process functions → moto DynamoDB/SQS FIFO → fan-out → {@code @connections} → recipients). N users, each
 * connected with one device, each send M messages to the next user (closed loop: the next send after the ack);
 * every recipient answers each message with a {@code delivered} and a {@code read} receipt ({@link DirectTraffic}).
 *
 * <p>Prints send→ack (✓) and send→deliver latency percentiles (idle, {@link IdleProbe}, and under load), messages
 * per second, everything billed per delivered message with its two receipts (AWS calls, DynamoDB units, API Gateway
 * messages, Lambda invocations) and the cost per million messages ({@link UsageReport}, prices from
 * {@code docs/aws-prices.properties}), where the idle time goes, the {@link HeartbeatProbe} and the
 * {@link KeysProbe}. Figures are for one laptop with moto standing in for AWS: use the times to compare changes, not
 * as AWS latencies; the counts carry over.
 *
 * <p>Run: {@code scripts/bench.sh [users] [messagesPerUser]} (defaults 20 × 25).
 */
public final class MessagingBenchmark {
    private static final int IDLE_PROBES = 20;
    private static final PrintStream OUT = System.out;

    private final int users;
    private final int messagesPerUser;
    private final PriceTable prices = PriceTable.load();

    MessagingBenchmark(int users, int messagesPerUser) {
        this.users = users;
        this.messagesPerUser = messagesPerUser;
    }

    /** System property: where to write the measured usage per message, connect and heartbeat. */
    static final String USAGE_FILE = "chatline.bench.usageFile";

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perUser = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        BenchLimits.configure();
        try {
            new MessagingBenchmark(users, perUser).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the clients' and the runtime's threads would keep the JVM alive
        }
        System.exit(0);
    }

    void run() throws Exception {
        RuntimeOptions options = RuntimeOptions.defaults().withStage("bench").withPort(0);
        try (LocalRuntime runtime = LocalRuntime.start(options, AwsBackend.endpoint(MotoServer.start().endpoint()))) {
            Meters meters = new Meters(prices, runtime);
            UsageReport report = new UsageReport(OUT, prices);
            IdleProbe idle;
            UsageProfile perMessage;
            UsageProfile perConnect;
            try (DirectTraffic traffic = new DirectTraffic(meters.frames(), prices.assumedBodyBytes())) {
                meters.reset();
                traffic.connect(runtime, users);
                perConnect = meters.snapshot().profile(users, options.stage());
                warmUp(traffic);
                idle = new IdleProbe(traffic, meters);
                idle.run(IDLE_PROBES);
                traffic.ackLatency.reset();
                traffic.deliverLatency.reset();
                meters.reset();
                long t0 = System.nanoTime();
                boolean done = load(traffic);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Usage usage = meters.snapshot();
                printLatencies(traffic, idle, done, seconds);
                double messages = users * messagesPerUser;
                String unit = "per delivered message (incl. its delivered and read receipts)";
                report.calls(usage, messages, unit);
                report.units(usage, messages, "per message");
                report.cost(usage, messages, 1e6, "Cost per million 1:1 messages");
                perMessage = usage.profile(messages, options.stage());
                idle.print(OUT);
            }
            BenchTimeouts.awaitConnectionRowsAtMost(runtime, 0);
            UsageProfile perHeartbeat = HeartbeatProbe.run(runtime, meters, report, OUT);
            KeysProbe.run(runtime);
            String usageFile = System.getProperty(USAGE_FILE);
            if (usageFile != null) {
                new MeasuredUsage("scripts/bench.sh " + users + " " + messagesPerUser + ", " + java.time.LocalDate.now()
                        + ", local runtime on moto", perMessage, perConnect, perHeartbeat,
                        (int) HeartbeatProbe.CLIENT_HEARTBEAT_INTERVAL.toSeconds()).write(java.nio.file.Path.of(usageFile));
                OUT.println("\nMeasured usage written to " + usageFile + " (read by scripts/capacity.sh)");
            }
        }
    }

    /** One message per user so every function has had its cold start before measuring. */
    private void warmUp(DirectTraffic traffic) throws InterruptedException {
        List<DirectTraffic.Sent> sent = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            sent.add(traffic.send(u, (u + 1) % users));
        }
        for (DirectTraffic.Sent s : sent) {
            BenchTimeouts.await(s.readEvent(), "warm-up message read");
        }
    }

    /** Every user sends its messages to the next user, closed loop; true when all were read in time. */
    private boolean load(DirectTraffic traffic) throws InterruptedException {
        List<CompletableFuture<Long>> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(users);
        for (int u = 0; u < users; u++) {
            int from = u;
            senders.submit(() -> {
                for (int i = 0; i < messagesPerUser; i++) {
                    DirectTraffic.Sent sent = traffic.send(from, (from + 1) % users);
                    reads.add(sent.readEvent());
                    BenchTimeouts.await(sent.acked(), "ack");
                }
                return null;
            });
        }
        senders.shutdown();
        boolean sentAll = senders.awaitTermination(BenchTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .get(BenchTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return sentAll;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private void printLatencies(DirectTraffic traffic, IdleProbe idle, boolean done, double seconds) {
        int messages = users * messagesPerUser;
        OUT.printf("%nChatline messaging benchmark: %d users x %d messages (1:1, closed loop), body %d bytes,"
                + " local runtime + moto%n", users, messagesPerUser, prices.assumedBodyBytes());
        OUT.println(done ? "all messages delivered and read" : "TIMED OUT: only " + traffic.deliverLatency.count()
                + " delivered");
        OUT.println("idle system, one message at a time:");
        OUT.println("send -> ack     " + idle.ackLatency.summary());
        OUT.println("send -> deliver " + idle.deliverLatency.summary());
        OUT.println("under load (all users sending):");
        OUT.println("send -> ack     " + traffic.ackLatency.summary());
        OUT.println("send -> deliver " + traffic.deliverLatency.summary());
        OUT.printf("throughput      %.0f messages/s (%.1f s, until every message was read)%n", messages / seconds,
                seconds);
    }
}

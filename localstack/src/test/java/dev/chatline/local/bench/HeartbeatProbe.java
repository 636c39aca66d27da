package dev.chatline.local.bench;

import dev.chatline.local.capacity.CostModel;
import dev.chatline.local.capacity.PriceTable;
import dev.chatline.local.capacity.UsageProfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What keeping one user connected costs: one client sends {@link #BEATS} heartbeats ({@code {"action":"heartbeat"}}),
 * one at a time, and the API Gateway messages, Lambda invocations and DynamoDB calls and units per heartbeat are
 * counted — whatever the route does: a Lambda function today, an API Gateway MOCK integration (no invocation, no
 * write) later; when the warm-up beat gets no route response, each beat is given {@link #NO_REPLY_WAIT}. The
 * monthly cost of a user connected all month is heartbeats per month × cost per heartbeat + 43,200
 * connection-minutes.
 */
final class HeartbeatProbe {
    /**
     * The client's heartbeat interval: {@code dev.chatline.client.transport.ChatSocket} schedules its heartbeat at
     * this period (the server modules cannot depend on the client module, so it is repeated here). Change both
     * together; {@code -Dchatline.bench.heartbeatSeconds=N} overrides it for one run.
     */
    static final Duration CLIENT_HEARTBEAT_INTERVAL =
            Duration.ofSeconds(Long.getLong("chatline.bench.heartbeatSeconds", 300));
    static final double MINUTES_PER_MONTH = 43_200;
    private static final int BEATS = 20;
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(30);
    /** Without a route response: how long a beat is given to finish whatever it does. */
    private static final Duration NO_REPLY_WAIT = Duration.ofSeconds(1);

    private HeartbeatProbe() {
    }

    /** @return the usage of one heartbeat */
    static UsageProfile run(LocalRuntime runtime, Meters meters, UsageReport report, PrintStream out)
            throws InterruptedException {
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        String token = runtime.tokens().issue("bench-heartbeat", "d1", Duration.ofHours(1));
        try (WsTestClient client = WsTestClient.connect(runtime.websocketUrl(), token,
                meters.frames().counting(f -> replies.add(Json.read(f))))) {
            // warm-up (cold start); a route that answers it is waited for as long as needed from then on
            Duration wait = beat(client, meters, replies, WARM_UP_WAIT) ? BenchTimeouts.TIMEOUT : NO_REPLY_WAIT;
            meters.reset();
            int answered = 0;
            for (int i = 0; i < BEATS; i++) {
                answered += beat(client, meters, replies, wait) ? 1 : 0;
            }
            Usage usage = meters.snapshot();
            double beatsPerMonth = MINUTES_PER_MONTH * 60 / CLIENT_HEARTBEAT_INTERVAL.toSeconds();
            out.printf("%nHeartbeat (%d beats, %d answered), one connected user, interval %d s (ChatSocket):%n",
                    BEATS, answered, CLIENT_HEARTBEAT_INTERVAL.toSeconds());
            report.calls(usage, BEATS, "per heartbeat");
            report.units(usage, BEATS, "per heartbeat");
            report.cost(usage, BEATS, beatsPerMonth, String.format(
                    "Heartbeats of one user connected all month (%,.0f beats)", beatsPerMonth));
            PriceTable prices = report.prices();
            double connection = MINUTES_PER_MONTH * prices.apiGatewayPerConnectionMinute();
            double total = beatsPerMonth * CostModel.total(new CostModel(prices).lines(usage.profile(BEATS))) + connection;
            out.printf("  + connection-minutes %,.0f: $%.4f  => $%.4f per connected user per month%n",
                    MINUTES_PER_MONTH, connection, total);
            return usage.profile(BEATS, runtime.resources().stage());
        }
    }

    /** Sends one heartbeat; true when a reply came (a route without a response sends none). */
    private static boolean beat(WsTestClient client, Meters meters, BlockingQueue<JsonNode> replies, Duration wait)
            throws InterruptedException {
        meters.frames().send(client, Json.write(Json.object().put("action", "heartbeat").put("requestId", "hb")));
        JsonNode reply = replies.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (reply != null && "error".equals(reply.path("type").asText())) {
            throw new IllegalStateException("heartbeat failed: " + reply);
        }
        return reply != null;
    }
}

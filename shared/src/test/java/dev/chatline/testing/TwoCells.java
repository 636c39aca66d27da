package dev.chatline.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.cells.CellAdmission;
import dev.chatline.cells.CellConfig;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoServer;
import dev.chatline.relay.CellCallService;
import dev.chatline.relay.RelayService;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Test-only: two cells ({@code <base>-a}, {@code <base>-b}) on one moto, each a complete deployment with its own
 * tables, fan-out and relay queues and fake {@code @connections} endpoint, and one directory table; the production
 * {@code MessagingGraph} of each with {@code CHATLINE_CELL}, the peers' relay queues and {@code cellCall} functions.
 * The peers' {@code cellCall} functions are served by an emulation of Lambda's Invoke API on loopback (the real
 * SDK's LambdaClient calls it), which runs the called cell's {@link CellCallService}. The relay consumers run when
 * a test pumps them ({@link #pumpRelay}), the way Lambda's event source mapping would.
 */
public final class TwoCells implements AutoCloseable {
    /** One cell: its name, environment, fixture (production graph) and {@code @connections} endpoint. */
    public record Cell(String name, TestEnv env, MessagingFixture f, FakeConnections endpoint, String relayUrl) {
        /** The function name of this cell's {@code cellCall}. */
        public String callFunction() {
            return "chatline-" + env.config.stage() + "-cellCall";
        }

        /** {@code $connect}'s cell part, then the device row: signs the user up here or says where it lives. */
        public Optional<String> connectDevice(Identity device) {
            CellAdmission admission = f.graph.cells().admission();
            CellAdmission.Admission admitted = admission.admit(device);
            if (admitted.wrongCell().isEmpty()) {
                f.devices.register(device);
                admission.connected(device, admitted);
            }
            return admitted.wrongCell();
        }
    }

    public final Cell a;
    public final Cell b;
    public final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final HttpServer lambda;
    private final Map<String, CellCallService> functions = new ConcurrentHashMap<>();

    private TwoCells(MotoServer moto, String base, Map<String, String> extra) {
        lambda = startLambda();
        String directory = "chatline-" + base + "-directory";
        ChatConfig bootstrap = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                ChatConfig.STAGE, base, ChatConfig.REGION, "us-east-1"));
        AwsClients aws = new AwsClients(bootstrap);
        TestTables.create(aws.dynamoDb(), bootstrap, CellResources.DIRECTORY);
        SqsClient sqs = MessagingClients.sqs(aws);
        String relayA = relayQueue(sqs, base + "-a");
        String relayB = relayQueue(sqs, base + "-b");
        String callA = "chatline-" + base + "-a-cellCall";
        String callB = "chatline-" + base + "-b-cellCall";
        a = cell(moto, base, "a", relayA, Map.of("b", relayB), Map.of("b", callB), directory, extra);
        b = cell(moto, base, "b", relayB, Map.of("a", relayA), Map.of("a", callA), directory, extra);
        functions.put(callA, a.f().graph.cellCallService());
        functions.put(callB, b.f().graph.cellCallService());
    }

    /** @param base the stage both cells' stages start with (distinct per test class) */
    public static TwoCells provision(MotoServer moto, String base, Map<String, String> extra) {
        return new TwoCells(moto, base, extra);
    }

    private Cell cell(MotoServer moto, String base, String name, String relayUrl, Map<String, String> peers,
                      Map<String, String> callPeers, String directory, Map<String, String> extra) {
        FakeConnections endpoint = new FakeConnections();
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put(CellResources.CELL_ENV, name);
        settings.put(CellResources.DIRECTORY_TABLE_ENV, directory);
        settings.put(CellResources.PEERS_ENV, spec(peers));
        settings.put(CellResources.CALL_PEERS_ENV, spec(callPeers));
        settings.put(dev.chatline.schema.CellResources.LAMBDA_ENDPOINT_ENV, "http://127.0.0.1:" + lambda.getAddress().getPort());
        settings.put(Resources.RELAY.urlEnvVar(), relayUrl);
        TestEnv env = TestEnv.provision(moto, CellResources.cellStage(base, name), endpoint.endpoint(), settings);
        return new Cell(name, env, new MessagingFixture(env, env.aws, clock), endpoint, relayUrl);
    }

    /** The same cell's graph on clients with these interceptors (fault injection), same environment and clock. */
    public MessagingFixture withInterceptors(Cell cell, List<ExecutionInterceptor> interceptors) {
        return new MessagingFixture(cell.env(), new AwsClients(cell.env().config, interceptors), clock);
    }

    /**
     * Receives what is on the cell's relay queue and processes each job with {@code service}, as the event source
     * mapping does: a job that succeeds is deleted, one that throws is made visible again at once (retried).
     *
     * @return how many jobs succeeded
     */
    public int pumpRelay(Cell cell, RelayService service) {
        SqsClient sqs = cell.env().sqs;
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(cell.relayUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        int done = 0;
        for (Message m : got) {
            try {
                service.process(m.body());
                sqs.deleteMessage(r -> r.queueUrl(cell.relayUrl()).receiptHandle(m.receiptHandle()));
                done++;
            } catch (RuntimeException failed) {
                sqs.changeMessageVisibility(r -> r.queueUrl(cell.relayUrl()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            }
        }
        return done;
    }

    /** Pumps with the cell's own relay service. */
    public int pumpRelay(Cell cell) {
        return pumpRelay(cell, cell.f().graph.relayService());
    }

    private static String relayQueue(SqsClient sqs, String stage) {
        return sqs.createQueue(r -> r.queueName(Resources.RELAY.physicalName(stage))
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    }

    private static String spec(Map<String, String> peers) {
        return String.join(",", peers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Lambda's Invoke API ({@code POST /2015-03-31/functions/<name>/invocations}) for the cells' cellCall. */
    private HttpServer startLambda() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/2015-03-31/functions/", this::invoke);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void invoke(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String name = path.substring("/2015-03-31/functions/".length(), path.lastIndexOf("/invocations"));
        String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CellCallService function = functions.get(name);
        byte[] out;
        int status = 200;
        if (function == null) {
            status = 404;
            out = ("{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Amzn-ErrorType", "ResourceNotFoundException");
        } else {
            try {
                out = function.handle(request).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                out = ("{\"errorMessage\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        lambda.stop(0);
        a.endpoint().close();
        b.endpoint().close();
    }
}

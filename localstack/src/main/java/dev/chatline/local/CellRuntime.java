package dev.chatline.local;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.events.SnsSubscription;
import dev.chatline.local.events.SqsEventSourceMapping;
import dev.chatline.local.gateway.GatewaySettings;
import dev.chatline.local.gateway.RouteTable;
import dev.chatline.local.gateway.WebSocketGateway;
import dev.chatline.local.iam.AccessPolicy;
import dev.chatline.local.lambda.FunctionSetup;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.local.lambda.LambdaHostOptions;
import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One cell of the local runtime: what one deployment of the stack is on AWS. Its stage ({@code <stage>-<cell>}, or
 * the runtime's stage for the one unnamed cell of a single deployment) names its own tables, queues and topic; it has
 * its own WebSocket gateway with its {@code @connections} endpoint, its own Lambda host whose functions are
 * constructed with this cell's configuration ({@link #configuration()}), and its own SQS event source mappings and
 * SNS subscriptions (every queue a function of the catalog is triggered by, the relay queue included once a function
 * consumes it).
 *
 * <p>Invariant: a function of this cell sees only this cell's stage, resources and endpoints (plus what every cell
 * shares: region, AWS endpoint, token issuer); nothing of another cell but what its cell variables name.
 */
public final class CellRuntime implements AutoCloseable {
    /** The function peer cells invoke synchronously (docs/scaling.md, "Cells"). */
    static final String CELL_CALL_FUNCTION = "cellCall";
    private static final Logger LOG = LoggerFactory.getLogger(CellRuntime.class);

    private final Optional<String> name;
    private final String stage;
    private final RuntimeOptions options;
    private final AwsClients clients;
    private final ProvisionedResources resources;
    private final Map<String, String> configuration = new LinkedHashMap<>();
    private final BiConsumer<String, String> exported;
    private final LambdaHost lambdaHost;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, String> eventSourceLines = new LinkedHashMap<>();
    private WebSocketGateway gateway;

    /**
     * Provisions the cell's resources (idempotent) and prepares its Lambda host; nothing listens yet.
     *
     * @param shared resources all cells share (their tables are added to this cell's, e.g. the directory)
     * @param exported also receives every configuration value this cell sets (the single cell exports them as
     *                 system properties, as the runtime always did)
     */
    CellRuntime(Optional<String> name, RuntimeOptions options, Optional<URI> awsEndpoint,
                Optional<ProvisionedResources> shared, BiConsumer<String, String> exported) {
        this.name = name;
        this.stage = name.map(cell -> CellResources.cellStage(options.stage(), cell)).orElse(options.stage());
        this.options = options;
        this.exported = exported;
        this.clients = new AwsClients(ChatConfig.of(baseConfiguration(stage, options.region(), awsEndpoint)));
        ResourceDefinitions all = ResourceDefinitions.ALL.withShards(options.fanoutShards());
        ResourceDefinitions defs = options.queueVisibilityTimeout().map(all::withQueueVisibilityTimeout).orElse(all);
        ProvisionedResources own = new ResourceProvisioner(clients).provision(defs);
        this.resources = shared.map(own::withTablesOf).orElse(own);
        set(ChatConfig.STAGE, stage);
        resources.configValues().forEach(this::set);
        this.lambdaHost = new LambdaHost(options.functions(), new LambdaHostOptions(stage, options.region(),
                "000000000000", LambdaHostOptions.DEFAULT_CONCURRENCY, Duration.ofSeconds(5)),
                def -> setup(def, FunctionEnvironments.of(def, configuration)));
    }

    /** Stage, region and AWS endpoint: what provisioning a stage needs. */
    static Map<String, String> baseConfiguration(String stage, String region, Optional<URI> awsEndpoint) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ChatConfig.STAGE, stage);
        values.put(ChatConfig.REGION, region);
        awsEndpoint.ifPresent(e -> values.put(ChatConfig.AWS_ENDPOINT, e.toString()));
        return values;
    }

    /** Sets one configuration value of this cell's functions (before they are constructed). */
    void set(String key, String value) {
        configuration.put(key, value);
        exported.accept(key, value);
    }

    /**
     * What a function gets: exactly {@code environment}; and, with the IAM check on, the calls its catalog access
     * list grants on this cell's resources.
     */
    FunctionSetup setup(FunctionDef def, Map<String, String> environment) {
        return new FunctionSetup(Optional.of(environment), options.iamCheck()
                ? Optional.of(AccessPolicy.of(def, resources, ChatConfig.of(environment))) : Optional.empty());
    }

    /**
     * Starts the gateway on {@code port} (0: a free one) with the runtime's HTTP routes mounted on it too, and
     * points the functions' {@code @connections} and FCM endpoints at it.
     */
    void startGateway(int port, Map<String, Request.Handler> httpRoutes) {
        gateway = new WebSocketGateway(GatewaySettings.defaults(stage).withPort(port),
                RouteTable.from(options.functions(), MockRoutes.ALL), lambdaHost::invoke);
        httpRoutes.forEach(gateway::addHttpRoute);
        gateway.start();
        set(ChatConfig.CONNECTIONS_ENDPOINT, gateway.managementEndpoint().toString());
        set(ChatConfig.FCM_ENDPOINT, "http://127.0.0.1:" + gateway.port() + DevEndpoints.FCM);
    }

    /** Constructs every handler (SnapStart's publish), then starts the event sources that invoke them. */
    void startFunctions() {
        long start = System.nanoTime();
        lambdaHost.publishAll();
        LOG.info("published {} functions of stage {} (handlers constructed as SnapStart does) in {} ms",
                options.functions().size(), stage, (System.nanoTime() - start) / 1_000_000L);
        SqsClient sqs = MessagingClients.sqs(clients);
        SnsClient sns = MessagingClients.sns(clients);
        for (FunctionDef fn : options.functions()) {
            if (fn.trigger() instanceof Trigger.Queue q) {
                for (ProvisionedResources.Queue queue : resources.shards(q.queue())) { // one mapping per shard
                    running.add(SqsEventSourceMapping.start(fn.name(), lambdaHost::invoke, sqs, queue.url(),
                            q.batchSize(), options.events()));
                    eventSourceLines.put("SQS " + queue.url(), fn.name());
                }
            } else if (fn.trigger() instanceof Trigger.Topic t) {
                String topicArn = resources.topicArn(t.topic());
                running.add(SnsSubscription.start(fn.name(), topicArn, lambdaHost::invoke, sqs, sns,
                        options.events()));
                eventSourceLines.put("SNS " + topicArn, fn.name());
            }
        }
        // closed after the event sources that use them (close() runs `running` in reverse order)
        running.add(0, sqs);
        running.add(1, sns);
    }

    /** The cell's name; empty for the one cell of a single deployment. */
    public Optional<String> name() {
        return name;
    }

    /** {@code <stage>-<cell>}, or the runtime's stage for the unnamed cell. */
    public String stage() {
        return stage;
    }

    /** The configuration this cell adds to the runtime's shared one for its functions. */
    public Map<String, String> configuration() {
        return Map.copyOf(configuration);
    }

    /** This cell's relay (ingress) queue, which peer cells send to. */
    public String relayQueueUrl() {
        return resources.queue(Resources.RELAY).url();
    }

    /** The ARN of this cell's function {@code function} (as Lambda Invoke accepts it). */
    public String functionArn(String function) {
        LambdaHostOptions o = lambdaHost.options();
        return "arn:aws:lambda:" + o.region() + ":" + o.accountId() + ":function:" + o.physicalName(function);
    }

    /** {@code ws://127.0.0.1:<port>/<stage>}: what this cell's clients connect to. */
    public URI websocketUrl() {
        return gateway.websocketUrl();
    }

    /** {@code http://127.0.0.1:<port>}: the gateway's HTTP root (dev endpoints, discovery, Lambda Invoke API). */
    public URI httpRoot() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    public URI connectionsEndpoint() {
        return gateway.managementEndpoint();
    }

    public WebSocketGateway gateway() {
        return gateway;
    }

    public LambdaHost lambdaHost() {
        return lambdaHost;
    }

    /** Clients for this cell's stage (tests use them to inspect its tables and queues). */
    public AwsClients awsClients() {
        return clients;
    }

    public ProvisionedResources resources() {
        return resources;
    }

    /** Console lines: the cell's WebSocket and {@code @connections} URLs. */
    List<String> endpointLines() {
        String cell = name.map(n -> " (cell " + n + ")").orElse("");
        return List.of("WebSocket:     " + websocketUrl() + "?token=<JWT>" + cell,
                "@connections:  " + gateway.connectionsUrl() + cell);
    }

    /** Console lines: the cell's routes, invoked functions and event sources. */
    List<String> routeLines() {
        List<String> lines = new ArrayList<>();
        name.ifPresent(n -> lines.add("Cell " + n + " (stage " + stage + "):"));
        for (FunctionDef fn : options.functions()) {
            if (fn.trigger() instanceof Trigger.Route r) {
                lines.add("  route " + pad(r.routeKey()) + " → " + fn.name());
            } else if (fn.trigger() instanceof Trigger.Authorizer) {
                lines.add("  authorizer " + pad("$connect") + " → " + fn.name());
            } else if (fn.trigger() instanceof Trigger.Invoke) {
                lines.add("  invoke " + pad("(Lambda Invoke)") + " → " + functionArn(fn.name()));
            }
        }
        MockRoutes.ALL.forEach(m -> lines.add("  route " + pad(m.routeKey()) + " → mock (no function)"));
        eventSourceLines.forEach((source, fn) -> lines.add("  " + source + " → " + fn));
        return lines;
    }

    int eventSourceCount() {
        return eventSourceLines.size();
    }

    private static String pad(String s) {
        return String.format("%-18s", s);
    }

    /** Stops the event sources, the gateway and the Lambda host. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            LocalRuntime.closeQuietly(running.get(i));
        }
        running.clear();
        if (gateway != null) {
            LocalRuntime.closeQuietly(gateway);
        }
        LocalRuntime.closeQuietly(lambdaHost);
    }
}

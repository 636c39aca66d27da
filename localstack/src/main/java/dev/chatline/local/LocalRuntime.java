package dev.chatline.local;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.events.SnsSubscription;
import dev.chatline.local.events.SqsEventSourceMapping;
import dev.chatline.local.gateway.GatewaySettings;
import dev.chatline.local.gateway.RouteTable;
import dev.chatline.local.gateway.WebSocketGateway;
import dev.chatline.local.iam.AccessPolicy;
import dev.chatline.local.lambda.FunctionSetup;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.local.lambda.LambdaHostOptions;
import dev.chatline.local.push.LocalFcm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole backend in one process, as deployed on AWS: the AWS resources (embedded moto, LocalStack or real AWS),
 * provisioned from the shared definitions; every function of the catalog hosted in-process ({@link LambdaHost}),
 * each handler constructed at start-up as SnapStart constructs it when a version is published (a constructor that
 * throws fails start-up, naming the function) with an environment shaped like the stack's
 * ({@link FunctionEnvironments}); the API Gateway WebSocket stage with its {@code @connections} API
 * ({@link WebSocketGateway}); the SQS event source mappings and SNS subscriptions of the catalog's queue and topic
 * triggers. Functions see exactly the configuration keys they see on AWS (each only those of its own resources);
 * only endpoint URLs differ. With the IAM check on (the default), each function may only make the AWS calls its
 * catalog access list grants ({@link AccessPolicy}). {@link #close()} stops everything, the embedded emulator
 * included.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final RuntimeOptions options;
    private final AwsBackend backend;
    private final SystemProperties properties;
    private final AwsClients clients;
    private final ProvisionedResources resources;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, String> eventSourceLines = new LinkedHashMap<>();
    private final LocalTokenAuthority tokens = new LocalTokenAuthority();
    private final LocalFcm fcm = new LocalFcm();
    private LambdaHost lambdaHost;
    private WebSocketGateway gateway;

    private LocalRuntime(RuntimeOptions options, AwsBackend backend) {
        this.options = options;
        this.backend = backend;
        this.properties = new SystemProperties();
        properties.set(ChatConfig.STAGE, options.stage());
        properties.set(ChatConfig.REGION, options.region());
        properties.set(ChatConfig.AWS_ENDPOINT, backend.awsEndpoint().map(URI::toString).orElse(null));
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ChatConfig.STAGE, options.stage());
        values.put(ChatConfig.REGION, options.region());
        backend.awsEndpoint().ifPresent(e -> values.put(ChatConfig.AWS_ENDPOINT, e.toString()));
        this.clients = new AwsClients(ChatConfig.of(values));
        ResourceDefinitions all = ResourceDefinitions.ALL.withShards(options.fanoutShards());
        ResourceDefinitions defs = options.queueVisibilityTimeout().map(all::withQueueVisibilityTimeout).orElse(all);
        try {
            this.resources = new ResourceProvisioner(clients).provision(defs);
        } catch (RuntimeException e) {
            properties.restore();
            throw e;
        }
        properties.setAll(resources.configValues());
        this.lambdaHost = new LambdaHost(options.functions(), new LambdaHostOptions(options.stage(),
                options.region(), "000000000000", LambdaHostOptions.DEFAULT_CONCURRENCY, Duration.ofSeconds(5)),
                def -> setup(def, FunctionEnvironments.of(def)));
    }

    /**
     * What a function gets: exactly {@code environment}; and, with the IAM check on, the calls its catalog access
     * list grants on this runtime's resources.
     */
    private FunctionSetup setup(FunctionDef def, Map<String, String> environment) {
        return new FunctionSetup(Optional.of(environment), options.iamCheck()
                ? Optional.of(AccessPolicy.of(def, resources, ChatConfig.of(environment))) : Optional.empty());
    }

    /**
     * Starts the full runtime; on failure everything started so far is stopped again.
     *
     * @param backend owned by the runtime from now on (closed by {@link #close()})
     */
    public static LocalRuntime start(RuntimeOptions options, AwsBackend backend) {
        LocalRuntime runtime = null;
        try {
            runtime = new LocalRuntime(options, backend);
            runtime.startGatewayAndEventSources();
            return runtime;
        } catch (RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            } else {
                backend.close();
            }
            throw e;
        }
    }

    /**
     * Provisions the resources and invokes one function once, like {@code sam local invoke -e}: no gateway, no
     * event sources ({@code CHATLINE_CONNECTIONS_ENDPOINT} points at where {@code run} would listen).
     *
     * @return the function's result JSON
     * @throws dev.chatline.local.lambda.LambdaInvocationException when the function fails
     */
    public static String invokeOnce(RuntimeOptions options, AwsBackend backend, String functionName,
                                    String eventJson) {
        try (LocalRuntime runtime = new LocalRuntime(options, backend)) {
            runtime.properties.set(ChatConfig.CONNECTIONS_ENDPOINT,
                    "http://127.0.0.1:" + options.port() + "/" + options.stage());
            runtime.properties.set(ChatConfig.FCM_ENDPOINT, "http://127.0.0.1:" + options.port() + DevEndpoints.FCM);
            return runtime.lambdaHost.invoke(functionName, eventJson);
        }
    }

    private void startGatewayAndEventSources() {
        gateway = new WebSocketGateway(GatewaySettings.defaults(options.stage()).withPort(options.port()),
                RouteTable.from(options.functions(), MockRoutes.ALL), lambdaHost::invoke);
        gateway.addHttpRoute(DevEndpoints.PREFIX, new DevEndpoints(tokens, fcm));
        gateway.start();
        properties.set(ChatConfig.CONNECTIONS_ENDPOINT, gateway.managementEndpoint().toString());
        properties.set(ChatConfig.JWKS_URL, devUrl("jwks.json"));
        properties.set(ChatConfig.JWT_ISSUER, LocalTokenAuthority.ISSUER);
        properties.set(ChatConfig.JWT_AUDIENCE, LocalTokenAuthority.AUDIENCE);
        properties.set(ChatConfig.FCM_ENDPOINT, "http://127.0.0.1:" + gateway.port() + DevEndpoints.FCM);
        publishFunctions();
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
        LOG.info("local runtime started: stage {}, {} functions, {} event sources, IAM check {}", options.stage(),
                options.functions().size(), eventSourceLines.size(), options.iamCheck() ? "on" : "off");
    }

    /**
     * Another Lambda host for {@code functions}, each constructed and invoked with exactly its variables in
     * {@code environments} (as a deployed function sees its stack's; a function without an entry gets what this
     * runtime gives it), with this runtime's IAM check. To check that every handler can be constructed with the
     * environment the stack gives it: {@code hostWithEnvironments(...).publishAll()}. The caller closes it.
     */
    public LambdaHost hostWithEnvironments(List<FunctionDef> functions, Map<String, Map<String, String>> environments) {
        return new LambdaHost(functions, lambdaHost.options(), def -> setup(def,
                environments.getOrDefault(def.name(), FunctionEnvironments.of(def))));
    }

    /** Every handler constructed now, with the configuration complete, before any event source can invoke it. */
    private void publishFunctions() {
        long start = System.nanoTime();
        lambdaHost.publishAll();
        LOG.info("published {} functions (handlers constructed as SnapStart does) in {} ms",
                options.functions().size(), (System.nanoTime() - start) / 1_000_000L);
    }

    /** {@code http://127.0.0.1:PORT/_local/<path>}. */
    public String devUrl(String path) {
        return "http://127.0.0.1:" + gateway.port() + DevEndpoints.PREFIX + path;
    }

    /** Issues development tokens (what {@code POST /_local/token} answers). */
    public LocalTokenAuthority tokens() {
        return tokens;
    }

    /** The local FCM endpoint the push function sends to (what {@code GET /_local/pushes} shows). */
    public LocalFcm fcm() {
        return fcm;
    }

    public URI websocketUrl() {
        return gateway.websocketUrl();
    }

    /** The {@code @connections} base URL functions post to ({@code CHATLINE_CONNECTIONS_ENDPOINT}). */
    public URI connectionsEndpoint() {
        return gateway.managementEndpoint();
    }

    public WebSocketGateway gateway() {
        return gateway;
    }

    public LambdaHost lambdaHost() {
        return lambdaHost;
    }

    /** Clients for the runtime's AWS backend (tests use them to inspect tables and queues). */
    public AwsClients awsClients() {
        return clients;
    }

    public ProvisionedResources resources() {
        return resources;
    }

    public AwsBackend backend() {
        return backend;
    }

    /** A few lines for the console: URLs, endpoint, routes and event sources. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("WebSocket:     " + websocketUrl() + "?token=<JWT>");
        lines.add("@connections:  " + gateway.connectionsUrl());
        lines.add("Dev token:     curl -s -XPOST " + devUrl("token") + " -d '{\"userId\":\"alice\",\"deviceId\":\"phone\"}'");
        lines.add("Pushes:        curl -s " + devUrl("pushes") + "   (local FCM endpoint, Firebase Admin SDK)");
        lines.add("AWS:           " + backend.description() + " (region " + options.region() + ", stage "
                + options.stage() + ")");
        lines.add("IAM check:     " + (options.iamCheck() ? "on: each function only the AWS calls its FunctionCatalog "
                + "access list grants (--no-iam-check turns it off)" : "off"));
        for (FunctionDef fn : options.functions()) {
            if (fn.trigger() instanceof Trigger.Route r) {
                lines.add("  route " + pad(r.routeKey()) + " → " + fn.name());
            } else if (fn.trigger() instanceof Trigger.Authorizer) {
                lines.add("  authorizer " + pad("$connect") + " → " + fn.name());
            }
        }
        MockRoutes.ALL.forEach(m -> lines.add("  route " + pad(m.routeKey()) + " → mock (no function)"));
        eventSourceLines.forEach((source, fn) -> lines.add("  " + source + " → " + fn));
        return lines;
    }

    private static String pad(String s) {
        return String.format("%-18s", s);
    }

    /** Stops the event sources, the gateway, the Lambda host and the embedded emulator; restores properties. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            closeQuietly(running.get(i));
        }
        running.clear();
        if (gateway != null) {
            closeQuietly(gateway);
        }
        closeQuietly(lambdaHost);
        closeQuietly(backend);
        properties.restore();
        LOG.info("local runtime stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}

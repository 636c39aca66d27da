package dev.chatline.local;

import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.gateway.WebSocketGateway;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.local.lambda.LambdaInvokeApi;
import dev.chatline.local.push.LocalFcm;
import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.schema.CellResources;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole backend in one process, as deployed on AWS: the AWS resources (embedded moto, LocalStack or real AWS),
 * provisioned from the shared definitions; every function of the catalog hosted in-process ({@link LambdaHost}),
 * each handler constructed at start-up as SnapStart constructs it when a version is published (a constructor that
 * throws fails start-up, naming the function) with an environment shaped like the stack's
 * ({@link FunctionEnvironments}); the API Gateway WebSocket stage with its {@code @connections} API
 * ({@link WebSocketGateway}); the SQS event source mappings and SNS subscriptions of the catalog's queue and topic
 * triggers. Functions see exactly the configuration keys they see on AWS (each only those of its own resources);
 * only endpoint URLs differ. With the IAM check on (the default), each function may only make the AWS calls its
 * catalog access list grants ({@code AccessPolicy}). {@link #close()} stops everything, the embedded emulator
 * included.
 *
 * <p>With {@link RuntimeOptions#cells()} (docs/scaling.md, "Cells"; {@code --cells a,b}) it runs that many cells
 * side by side on the same AWS backend, each a {@link CellRuntime} (its own stage {@code <stage>-<cell>}, resources,
 * gateway, functions and event sources), plus the directory table they share (provisioned once). Every cell's port
 * also serves the runtime's development endpoints ({@code /_local/}), the discovery endpoint
 * ({@code GET /cells/<cell>}) and Lambda's Invoke API for every cell's functions ({@link LambdaInvokeApi}).
 * Without cells it is one unnamed cell, exactly the single deployment, whose configuration is also exported as
 * system properties.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final RuntimeOptions options;
    private final AwsBackend backend;
    private final SystemProperties properties;
    private final List<CellRuntime> cells = new ArrayList<>();
    private final LocalTokenAuthority tokens = new LocalTokenAuthority();
    private final LocalFcm fcm = new LocalFcm();

    private LocalRuntime(RuntimeOptions options, AwsBackend backend) {
        this.options = options;
        this.backend = backend;
        this.properties = new SystemProperties();
        properties.set(ChatConfig.REGION, options.region());
        properties.set(ChatConfig.AWS_ENDPOINT, backend.awsEndpoint().map(URI::toString).orElse(null));
        try {
            if (options.cells().isEmpty()) {
                properties.set(ChatConfig.STAGE, options.stage());
                cells.add(new CellRuntime(Optional.empty(), options, backend.awsEndpoint(), Optional.empty(),
                        properties::set));
            } else {
                provisionCells();
            }
        } catch (RuntimeException e) {
            cells.forEach(LocalRuntime::closeQuietly);
            properties.restore();
            throw e;
        }
    }

    /**
     * The directory once (under the runtime's stage), then each cell with its own stage and the cell variables:
     * its name, the directory, its peers' relay queues and {@code cellCall} ARNs.
     */
    private void provisionCells() {
        ProvisionedResources directory = new ResourceProvisioner(new AwsClients(ChatConfig.of(
                CellRuntime.baseConfiguration(options.stage(), options.region(), backend.awsEndpoint()))))
                .provision(ResourceDefinitions.CELLS_SHARED);
        for (String cell : options.cells()) {
            cells.add(new CellRuntime(Optional.of(cell), options, backend.awsEndpoint(), Optional.of(directory),
                    (key, value) -> { }));
        }
        for (CellRuntime cell : cells) {
            List<CellRuntime> peers = cells.stream().filter(c -> c != cell).toList();
            cell.set(CellResources.CELL_ENV, cell.name().orElseThrow());
            cell.set(CellResources.DIRECTORY_TABLE_ENV, directory.tableName(CellResources.DIRECTORY));
            cell.set(CellResources.PEERS_ENV, peerList(peers, CellRuntime::relayQueueUrl));
            cell.set(CellResources.CALL_PEERS_ENV,
                    peerList(peers, peer -> peer.functionArn(CellRuntime.CELL_CALL_FUNCTION)));
        }
    }

    /** {@code b=<value of b>,c=<value of c>}. */
    private static String peerList(List<CellRuntime> peers, Function<CellRuntime, String> value) {
        return peers.stream().map(p -> p.name().orElseThrow() + "=" + value.apply(p))
                .collect(Collectors.joining(","));
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
            runtime.startGatewaysAndEventSources();
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
     * event sources ({@code CHATLINE_CONNECTIONS_ENDPOINT} points at where {@code run} would listen). With cells,
     * the function of the first cell.
     *
     * @return the function's result JSON
     * @throws dev.chatline.local.lambda.LambdaInvocationException when the function fails
     */
    public static String invokeOnce(RuntimeOptions options, AwsBackend backend, String functionName,
                                    String eventJson) {
        try (LocalRuntime runtime = new LocalRuntime(options, backend)) {
            CellRuntime cell = runtime.primary();
            cell.set(ChatConfig.CONNECTIONS_ENDPOINT, "http://127.0.0.1:" + options.port() + "/" + cell.stage());
            cell.set(ChatConfig.FCM_ENDPOINT, "http://127.0.0.1:" + options.port() + DevEndpoints.FCM);
            return cell.lambdaHost().invoke(functionName, eventJson);
        }
    }

    /**
     * Every cell's gateway (cell i on {@code port + i}, or each on a free port for port 0) with the runtime's HTTP
     * endpoints on each; then, the configuration complete, every cell's functions and event sources.
     */
    private void startGatewaysAndEventSources() {
        Map<String, Request.Handler> httpRoutes = new LinkedHashMap<>();
        httpRoutes.put(DevEndpoints.PREFIX, new DevEndpoints(tokens, fcm));
        httpRoutes.put(CellDiscovery.PREFIX, new CellDiscovery(cells));
        httpRoutes.put(LambdaInvokeApi.PREFIX, new LambdaInvokeApi(cells.stream().map(CellRuntime::lambdaHost)
                .toList()));
        for (int i = 0; i < cells.size(); i++) {
            CellRuntime cell = cells.get(i);
            cell.startGateway(options.port() == 0 ? 0 : options.port() + i, httpRoutes);
            if (cell.name().isPresent()) {
                cell.set(CellResources.LAMBDA_ENDPOINT_ENV, cell.httpRoot().toString());
            }
        }
        properties.set(ChatConfig.JWKS_URL, devUrl("jwks.json"));
        properties.set(ChatConfig.JWT_ISSUER, LocalTokenAuthority.ISSUER);
        properties.set(ChatConfig.JWT_AUDIENCE, LocalTokenAuthority.AUDIENCE);
        cells.forEach(CellRuntime::startFunctions);
        LOG.info("local runtime started: stage {}, {} cell(s), {} functions each, {} event sources, IAM check {}",
                options.stage(), cells.size(), options.functions().size(),
                cells.stream().mapToInt(CellRuntime::eventSourceCount).sum(), options.iamCheck() ? "on" : "off");
    }

    /**
     * Another Lambda host for {@code functions}, each constructed and invoked with exactly its variables in
     * {@code environments} (as a deployed function sees its stack's; a function without an entry gets what this
     * runtime gives it), with this runtime's IAM check. To check that every handler can be constructed with the
     * environment the stack gives it: {@code hostWithEnvironments(...).publishAll()}. The caller closes it.
     */
    public LambdaHost hostWithEnvironments(List<FunctionDef> functions, Map<String, Map<String, String>> environments) {
        CellRuntime cell = primary();
        return new LambdaHost(functions, cell.lambdaHost().options(), def -> cell.setup(def,
                environments.getOrDefault(def.name(), FunctionEnvironments.of(def, cell.configuration()))));
    }

    /** {@code http://127.0.0.1:PORT/_local/<path>} (on the first cell's port; every cell's port serves it). */
    public String devUrl(String path) {
        return primary().httpRoot() + DevEndpoints.PREFIX + path;
    }

    /** Issues development tokens (what {@code POST /_local/token} answers). */
    public LocalTokenAuthority tokens() {
        return tokens;
    }

    /** The local FCM endpoint the push function sends to (what {@code GET /_local/pushes} shows). */
    public LocalFcm fcm() {
        return fcm;
    }

    /** The cells, in the order of {@link RuntimeOptions#cells()}; one unnamed cell without cells. */
    public List<CellRuntime> cells() {
        return List.copyOf(cells);
    }

    /** The cell named {@code name}. */
    public CellRuntime cell(String name) {
        return cells.stream().filter(c -> c.name().filter(name::equals).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell " + name + " (cells: " + options.cells()
                        + ")"));
    }

    /** The first cell: the only one of a single deployment, the one the accessors below are about. */
    private CellRuntime primary() {
        return cells.get(0);
    }

    public URI websocketUrl() {
        return primary().websocketUrl();
    }

    /** The {@code @connections} base URL functions post to ({@code CHATLINE_CONNECTIONS_ENDPOINT}). */
    public URI connectionsEndpoint() {
        return primary().connectionsEndpoint();
    }

    public WebSocketGateway gateway() {
        return primary().gateway();
    }

    public LambdaHost lambdaHost() {
        return primary().lambdaHost();
    }

    /** Clients for the runtime's AWS backend (tests use them to inspect tables and queues). */
    public AwsClients awsClients() {
        return primary().awsClients();
    }

    public ProvisionedResources resources() {
        return primary().resources();
    }

    public AwsBackend backend() {
        return backend;
    }

    /** A few lines for the console: URLs, endpoint, routes and event sources. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        cells.forEach(cell -> lines.addAll(cell.endpointLines()));
        lines.add("Dev token:     curl -s -XPOST " + devUrl("token") + " -d '{\"userId\":\"alice\",\"deviceId\":\"phone\"}'");
        lines.add("Pushes:        curl -s " + devUrl("pushes") + "   (local FCM endpoint, Firebase Admin SDK)");
        lines.add("AWS:           " + backend.description() + " (region " + options.region() + ", stage "
                + options.stage() + ")");
        lines.add("IAM check:     " + (options.iamCheck() ? "on: each function only the AWS calls its FunctionCatalog "
                + "access list grants (--no-iam-check turns it off)" : "off"));
        if (!options.cells().isEmpty()) {
            lines.add("Cells:         " + options.cells() + "; discovery: curl -s " + primary().httpRoot()
                    + CellDiscovery.PREFIX + options.cells().get(0) + "; Lambda Invoke API: " + primary().httpRoot());
        }
        cells.forEach(cell -> lines.addAll(cell.routeLines()));
        return lines;
    }

    /** Stops every cell (event sources, gateway, Lambda host), then the embedded emulator; restores properties. */
    @Override
    public void close() {
        for (int i = cells.size() - 1; i >= 0; i--) {
            closeQuietly(cells.get(i));
        }
        closeQuietly(backend);
        properties.restore();
        LOG.info("local runtime stopped");
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}

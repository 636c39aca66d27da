package dev.chatline.local.testing;

import dev.chatline.aws.AwsClients;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.CellRuntime;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for end-to-end tests: before the test class it resets the shared moto server
 * ({@link MotoExtension}) and starts the whole local runtime on a free port (provisioning included); after the
 * class it stops it. Use it as {@code @ExtendWith(LocalRuntimeExtension.class)} (the real {@link FunctionCatalog})
 * or {@code @RegisterExtension static LocalRuntimeExtension runtime = LocalRuntimeExtension.withFunctions(...)}.
 * Test methods may take a {@link LocalRuntime} parameter.
 */
public final class LocalRuntimeExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final RuntimeOptions options;
    private LocalRuntime runtime;

    /** The real catalog, stage {@code e2e}, queue visibility timeout 2 s, IAM check on. */
    public LocalRuntimeExtension() {
        this(defaults());
    }

    /** The options of the no-arg constructor, to change some. */
    public static RuntimeOptions defaults() {
        return RuntimeOptions.defaults().withStage("e2e").withPort(0).withQueueVisibilityTimeout(Duration.ofSeconds(2));
    }

    public LocalRuntimeExtension(RuntimeOptions options) {
        this.options = options;
    }

    /** Same defaults as the no-arg constructor, with other functions (e.g. test handlers). */
    public static LocalRuntimeExtension withFunctions(List<FunctionDef> functions) {
        return new LocalRuntimeExtension(defaults().withFunctions(functions));
    }

    /**
     * Same defaults as the no-arg constructor, with the runtime running {@code cells} side by side (the real
     * catalog); {@link #connectAs(String, String, String)} connects to one of them.
     */
    public static LocalRuntimeExtension withCells(String... cells) {
        return new LocalRuntimeExtension(defaults().withCells(List.of(cells)));
    }

    /** The running cell {@code name} (of a runtime started with cells). */
    public CellRuntime cell(String name) {
        return runtime().cell(name);
    }

    /** Connects as (userId, deviceId) to cell {@code cell}, with a token carrying that cell's claim. */
    public WsTestClient connectAs(String cell, String userId, String deviceId) {
        String token = runtime().tokens().issue(userId, deviceId, java.time.Duration.ofHours(1),
                java.util.Optional.of(cell));
        return WsTestClient.connect(cell(cell).websocketUrl(), token);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer moto = MotoExtension.server();
        new MotoExtension().beforeAll(context); // registers moto for shutdown and resets it
        runtime = LocalRuntime.start(options, AwsBackend.endpoint(moto.endpoint()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    public LocalRuntime runtime() {
        if (runtime == null) {
            throw new IllegalStateException("the local runtime is not running (outside the test class?)");
        }
        return runtime;
    }

    /** {@code ws://127.0.0.1:<port>/<stage>}. */
    public URI websocketUrl() {
        return runtime().websocketUrl();
    }

    /** {@code http://127.0.0.1:<port>/<stage>}: the {@code @connections} base URL the functions use. */
    public URI connectionsEndpoint() {
        return runtime().connectionsEndpoint();
    }

    public AwsClients awsClients() {
        return runtime().awsClients();
    }

    /** Connects as (userId, deviceId) with a token from the runtime's development token authority. */
    public WsTestClient connectAs(String userId, String deviceId) {
        return connect(token(userId, deviceId));
    }

    /** A valid development token for (userId, deviceId), as {@code POST /_local/token} issues. */
    public String token(String userId, String deviceId) {
        return runtime().tokens().issue(userId, deviceId, java.time.Duration.ofHours(1));
    }

    /** Connects a WebSocket client with {@code ?token=}. */
    public WsTestClient connect(String token) {
        return WsTestClient.connect(websocketUrl(), token);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return runtime();
    }
}

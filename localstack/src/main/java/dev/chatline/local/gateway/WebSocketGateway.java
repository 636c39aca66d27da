package dev.chatline.local.gateway;

import dev.chatline.functions.catalog.FunctionDef;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local API Gateway WebSocket API stage on {@code ws://127.0.0.1:<port>/<stage>} with its {@code @connections}
 * management API on the same port: routes ({@code $connect}, {@code $disconnect}, {@code $default}, actions,
 * mock routes answered from a template),
 * the {@code $connect} REQUEST authorizer, route responses, quotas, {@code permessage-deflate} and events as AWS
 * has them
 * (see docs/local-development.md for every emulated behaviour and the known differences).
 */
public final class WebSocketGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGateway.class);

    private final GatewayRuntime runtime;
    private final GatewayDispatcher dispatcher;
    private final Server server;
    private final ServerConnector connector;

    public WebSocketGateway(GatewaySettings settings, RouteTable routes, Invoker invoker) {
        this.runtime = new GatewayRuntime(settings, routes, invoker);
        this.dispatcher = new GatewayDispatcher(runtime);
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(settings.port());
        server.addConnector(connector);
        ConnectHandshake handshake = new ConnectHandshake(runtime);
        GatewayLimits limits = settings.limits();
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            // Jetty applies its frame limit after inflating a compressed frame too: it is the message quota here,
            // and FrameQuotaExtension applies the frame quota to the frames as sent.
            container.setMaxFrameSize(limits.maxMessageBytes());
            container.setAutoFragment(false);
            container.setMaxTextMessageSize(limits.maxMessageBytes());
            container.setMaxBinaryMessageSize(limits.maxMessageBytes());
            container.setIdleTimeout(longest(limits).plusMinutes(1));
            container.addMapping("/" + settings.stage(), handshake);
            container.addMapping("/" + settings.stage() + "/", handshake);
        });
        WebSocketServerComponents.getWebSocketComponents(server).getExtensionRegistry()
                .register(FrameQuotaExtension.NAME, FrameQuotaExtension.class);
        upgrades.setHandler(dispatcher);
        server.setHandler(upgrades);
    }

    /** A gateway for the routes and authorizer declared in {@code functions}, with AWS limits. */
    public WebSocketGateway(GatewaySettings settings, List<FunctionDef> functions, Invoker invoker) {
        this(settings, RouteTable.from(functions), invoker);
    }

    public WebSocketGateway start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket gateway on port " + runtime.settings.port(), e);
        }
        LOG.info("WebSocket API {} listening on {} (@connections: {})", runtime.settings.apiId(), websocketUrl(),
                connectionsUrl());
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code ws://127.0.0.1:<port>/<stage>}: what clients connect to. */
    public URI websocketUrl() {
        return URI.create("ws://127.0.0.1:" + port() + "/" + runtime.settings.stage());
    }

    /** {@code http://127.0.0.1:<port>/<stage>/@connections}: the connection URL AWS shows for a stage. */
    public URI connectionsUrl() {
        return URI.create(managementEndpoint() + "/@connections");
    }

    /** {@code http://127.0.0.1:<port>/<stage>}: the {@code endpointOverride} of {@code ApiGatewayManagementApiClient}. */
    public URI managementEndpoint() {
        return URI.create("http://127.0.0.1:" + port() + "/" + runtime.settings.stage());
    }

    public GatewaySettings settings() {
        return runtime.settings;
    }

    /** The routes this gateway serves (function and mock routes). */
    public RouteTable routes() {
        return runtime.routes;
    }

    /** Mounts a plain HTTP handler for every path starting with {@code pathPrefix} (e.g. {@code /_local/}). */
    public void addHttpRoute(String pathPrefix, Request.Handler handler) {
        dispatcher.addRoute(pathPrefix, handler);
    }

    public void addListener(GatewayListener listener) {
        runtime.listeners.add(listener);
    }

    /** Ids of the open connections. */
    public Set<String> connectionIds() {
        return runtime.registry.all().stream().filter(c -> c.state() == Connection.State.OPEN)
                .map(Connection::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Closes every connection with 1001 Going away, then stops the server. */
    @Override
    public void close() {
        runtime.registry.all().forEach(c -> c.close(ConnectionTimers.GOING_AWAY, ConnectionTimers.GOING_AWAY_REASON));
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the gateway failed", e);
        } finally {
            runtime.shutdown();
        }
    }

    private static Duration longest(GatewayLimits limits) {
        return limits.idleTimeout().compareTo(limits.maxConnectionDuration()) > 0
                ? limits.idleTimeout() : limits.maxConnectionDuration();
    }
}

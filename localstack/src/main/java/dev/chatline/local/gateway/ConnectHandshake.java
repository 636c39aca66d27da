package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $connect} phase of a WebSocket upgrade, as API Gateway runs it: allocate the connection id, run the
 * REQUEST authorizer (401/403/500 refuse the upgrade), then the {@code $connect} integration: a 2xx
 * {@code statusCode} (or no response at all) completes the handshake, answering with the
 * {@code Sec-WebSocket-Protocol} the function returned; any other status refuses the upgrade with that status;
 * a failed invocation refuses it with 502. No {@code $disconnect} follows a refused handshake. An accepted
 * handshake negotiates the extensions API Gateway does ({@link NegotiatedExtensions}).
 */
final class ConnectHandshake implements WebSocketCreator {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandshake.class);

    private final GatewayRuntime runtime;

    ConnectHandshake(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Instant now = Instant.now();
        Connection connection = new Connection(AwsIds.connectionId(), now, HandshakeRequest.from(request, now),
                new SerialExecutor(runtime.workers), runtime.settings.limits().maxFrameBytes());
        runtime.registry.add(connection);
        AuthorizerDecision decision = authorize(connection, now);
        if (!decision.allowed()) {
            return refuse(connection, response, callback, decision.status(), statusMessage(decision.status()));
        }
        connection.authorize(decision.context());
        return runConnectRoute(connection, response, callback);
    }

    private AuthorizerDecision authorize(Connection connection, Instant now) {
        String function = runtime.routes.authorizerFunction().orElse(null);
        if (function == null) {
            return new AuthorizerDecision(0, null);
        }
        String requestId = AwsIds.requestId();
        String methodArn = "arn:aws:execute-api:" + runtime.settings.region() + ":" + runtime.settings.accountId()
                + ":" + runtime.settings.apiId() + "/" + runtime.settings.stage() + "/" + RouteTable.CONNECT;
        long start = System.nanoTime();
        try {
            String result = runtime.invoker.invoke(function, runtime.events.authorizer(connection, requestId, now));
            return AuthorizerDecision.fromPolicy(result, methodArn, (System.nanoTime() - start) / 1_000_000L);
        } catch (RuntimeException e) {
            if ("Unauthorized".equals(GatewayRuntime.errorMessage(e))) {
                return AuthorizerDecision.unauthorized();
            }
            LOG.warn("authorizer {} failed for {}: {}", function, connection.id(), e.toString());
            return AuthorizerDecision.error();
        }
    }

    private Object runConnectRoute(Connection connection, ServerUpgradeResponse response, Callback callback) {
        RouteTable.Target target = runtime.routes.route(RouteTable.CONNECT).orElse(null);
        if (target == null) {
            return accept(connection, response);
        }
        JsonNode result;
        try {
            String requestId = AwsIds.requestId();
            String json = runtime.invoker.invoke(target.functionName(),
                    runtime.events.connect(connection, requestId, Instant.now()));
            result = GatewayJson.MAPPER.readTree(json);
        } catch (Exception e) {
            LOG.warn("$connect {} failed for {}: {}", target.functionName(), connection.id(), e.toString());
            return refuse(connection, response, callback, 502, statusMessage(502));
        }
        int status = result != null && result.path("statusCode").canConvertToInt()
                ? result.path("statusCode").asInt() : 200;
        if (status < 200 || status > 299) {
            JsonNode body = result.get("body");
            return refuse(connection, response, callback, status,
                    body == null || body.isNull() ? "" : body.asText());
        }
        String protocol = header(result == null ? null : result.get("headers"), "Sec-WebSocket-Protocol");
        if (protocol != null) {
            response.setAcceptedSubProtocol(protocol);
        }
        return accept(connection, response);
    }

    private GatewaySocket accept(Connection connection, ServerUpgradeResponse response) {
        NegotiatedExtensions.apply(response, runtime.settings.limits());
        return new GatewaySocket(connection, runtime);
    }

    private Object refuse(Connection connection, ServerUpgradeResponse response, Callback callback, int status,
                          String body) {
        runtime.registry.remove(connection.id());
        LOG.info("refused connection {} with {}", connection.id(), status);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }

    private static String statusMessage(int status) {
        String message = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            default -> "Internal server error";
        };
        return "{\"message\":\"" + message + "\"}";
    }

    private static String header(JsonNode headers, String name) {
        if (headers == null || !headers.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }
}

package dev.chatline.local.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code @connections} management API ({@code /{stage}/@connections/{connectionId}}), as the
 * {@code ApiGatewayManagementApi} SDK client calls it (no SigV4 check): {@code POST} sends the body as one text
 * frame (200), {@code GET} describes the connection (200), {@code DELETE} closes it (204, then {@code $disconnect}).
 * A connection that does not exist, is closed, or whose {@code $connect} has not finished is 410
 * {@code GoneException} with an empty body; a body over the message quota is 413 {@code PayloadTooLargeException}.
 */
final class ConnectionsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApi.class);
    static final int DELETE_STATUS_CODE = 1000;

    private final GatewayRuntime runtime;

    ConnectionsApi(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    boolean handle(Request request, Response response, Callback callback, String connectionId) throws Exception {
        Optional<Connection> open = runtime.registry.open(connectionId);
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("GET") && !method.equals("DELETE")) {
            return HttpReplies.forbidden(response, callback);
        }
        if (open.isEmpty()) {
            return HttpReplies.error(response, callback, 410, "GoneException", null);
        }
        Connection connection = open.get();
        return switch (method) {
            case "POST" -> post(request, response, callback, connection);
            case "GET" -> HttpReplies.json(response, callback, 200, GatewayJson.write(describe(connection)));
            default -> delete(response, callback, connection);
        };
    }

    private boolean post(Request request, Response response, Callback callback, Connection connection)
            throws Exception {
        ByteBuffer body = Content.Source.asByteBuffer(request);
        if (body.remaining() > runtime.settings.limits().maxMessageBytes()) {
            return HttpReplies.error(response, callback, 413, "PayloadTooLargeException",
                    "{\"message\":\"Request entity too large\"}");
        }
        try {
            connection.send(StandardCharsets.UTF_8.decode(body).toString()).get(10, TimeUnit.SECONDS);
            return HttpReplies.empty(response, callback, 200);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("post to {} failed: {}", connection.id(), e.toString());
            return HttpReplies.error(response, callback, 410, "GoneException", null);
        }
    }

    private boolean delete(Response response, Callback callback, Connection connection) {
        connection.close(DELETE_STATUS_CODE, "");
        return HttpReplies.empty(response, callback, 204);
    }

    private static Map<String, Object> describe(Connection connection) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", connection.handshake().sourceIp());
        identity.put("userAgent", connection.handshake().userAgent());
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("connectedAt", DateTimeFormatter.ISO_INSTANT.format(connection.connectedAt()));
        description.put("identity", identity);
        description.put("lastActiveAt", DateTimeFormatter.ISO_INSTANT.format(connection.lastActiveAt()));
        return description;
    }
}

package dev.chatline.functions.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only: API Gateway WebSocket events read from the repository's sample events ({@code events/*.json}) with the
 * Lambda runtime's own serialization ({@link EventLoader}), then adjusted per test. The samples' caller is
 * alice/phone.
 */
public final class WsEvents {
    private WsEvents() {
    }

    public static APIGatewayCustomAuthorizerEvent authorizer(Map<String, String> query, Map<String, String> headers) {
        APIGatewayCustomAuthorizerEvent e = EventLoader.loadEvent(sample("authorizer-request.json"),
                APIGatewayCustomAuthorizerEvent.class);
        Map<String, String> allHeaders = new HashMap<>(e.getHeaders());
        allHeaders.keySet().removeIf(k -> k.equalsIgnoreCase("Sec-WebSocket-Protocol"));
        allHeaders.putAll(headers);
        e.setHeaders(allHeaders);
        e.setQueryStringParameters(query);
        return e;
    }

    /** A {@code $connect} event of {@code connectionId}, with these headers instead of the sample's subprotocol. */
    public static APIGatewayV2WebSocketEvent connect(String connectionId, long connectedAt,
                                                     Map<String, String> headers) {
        APIGatewayV2WebSocketEvent e = EventLoader.loadEvent(sample("ws-connect.json"),
                APIGatewayV2WebSocketEvent.class);
        Map<String, String> allHeaders = new HashMap<>(e.getHeaders());
        allHeaders.keySet().removeIf(k -> k.equalsIgnoreCase("Sec-WebSocket-Protocol"));
        allHeaders.putAll(headers);
        e.setHeaders(allHeaders);
        e.setMultiValueHeaders(null);
        e.getRequestContext().setConnectionId(connectionId);
        e.getRequestContext().setConnectedAt(connectedAt);
        return e;
    }

    /** A frame (or {@code $disconnect} when body is null) on {@code connectionId}, the sample's connectedAt. */
    public static APIGatewayV2WebSocketEvent message(String connectionId, String routeKey, String body) {
        APIGatewayV2WebSocketEvent e = message(connectionId, 0, routeKey, body);
        e.getRequestContext().setConnectedAt(EventLoader.loadEvent(sample("ws-connect.json"),
                APIGatewayV2WebSocketEvent.class).getRequestContext().getConnectedAt());
        return e;
    }

    /** A frame (or {@code $disconnect} when body is null) on {@code connectionId}. */
    public static APIGatewayV2WebSocketEvent message(String connectionId, long connectedAt, String routeKey,
                                                     String body) {
        APIGatewayV2WebSocketEvent e = EventLoader.loadEvent(sample(body == null ? "ws-disconnect.json"
                : "ws-message-sendMessage.json"), APIGatewayV2WebSocketEvent.class);
        e.getRequestContext().setConnectionId(connectionId);
        e.getRequestContext().setConnectedAt(connectedAt);
        e.getRequestContext().setRouteKey(routeKey);
        e.setBody(body);
        return e;
    }

    /** Absolute path of {@code events/<name>}, searched upwards from the module directory. */
    public static String sample(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("events").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("sample event events/" + name + " not found");
    }
}

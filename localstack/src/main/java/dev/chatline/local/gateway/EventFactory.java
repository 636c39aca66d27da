package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the events API Gateway sends to Lambda for a WebSocket API, field for field as AWS sends them
 * (see {@code events/*.json}): the REQUEST authorizer input, and the Lambda proxy events for {@code $connect}
 * (headers and query of the upgrade request), messages (body, no headers) and {@code $disconnect} (API Gateway's
 * fixed header set, {@code disconnectStatusCode}, {@code disconnectReason}). {@code requestId} equals
 * {@code extendedRequestId}, as on AWS.
 */
final class EventFactory {
    /** Hop-by-hop headers API Gateway does not pass to the {@code $connect} integration. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("Connection", "Upgrade");

    private final GatewaySettings settings;

    EventFactory(GatewaySettings settings) {
        this.settings = settings;
    }

    String authorizer(Connection connection, String requestId, Instant now) {
        HandshakeRequest handshake = connection.handshake();
        ObjectNode event = GatewayJson.MAPPER.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", "arn:aws:execute-api:" + settings.region() + ":" + settings.accountId() + ":"
                + settings.apiId() + "/" + settings.stage() + "/" + RouteTable.CONNECT);
        putHeaders(event, handshake.headers());
        event.set("queryStringParameters",
                GatewayJson.MAPPER.valueToTree(HandshakeRequest.lastValues(handshake.query())));
        event.set("multiValueQueryStringParameters", GatewayJson.MAPPER.valueToTree(handshake.query()));
        event.putObject("stageVariables");
        ObjectNode context = requestContext(event, connection, RouteTable.CONNECT, "CONNECT", requestId, now);
        context.remove("authorizer");
        return GatewayJson.write(event);
    }

    String connect(Connection connection, String requestId, Instant now) {
        HandshakeRequest handshake = connection.handshake();
        ObjectNode event = GatewayJson.MAPPER.createObjectNode();
        Map<String, List<String>> headers = new LinkedHashMap<>(handshake.headers());
        headers.keySet().removeIf(NOT_FORWARDED::contains);
        putHeaders(event, headers);
        if (!handshake.query().isEmpty()) {
            event.set("queryStringParameters",
                    GatewayJson.MAPPER.valueToTree(HandshakeRequest.lastValues(handshake.query())));
            event.set("multiValueQueryStringParameters", GatewayJson.MAPPER.valueToTree(handshake.query()));
        }
        requestContext(event, connection, RouteTable.CONNECT, "CONNECT", requestId, now);
        event.put("isBase64Encoded", false);
        return GatewayJson.write(event);
    }

    String message(Connection connection, String routeKey, String body, String requestId, String messageId,
                   Instant now) {
        ObjectNode event = GatewayJson.MAPPER.createObjectNode();
        event.set("requestContext", messageContext(connection, routeKey, requestId, messageId, now));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return GatewayJson.write(event);
    }

    /** The {@code requestContext} of a MESSAGE event: also the {@code $context} of a mock route's template. */
    ObjectNode messageContext(Connection connection, String routeKey, String requestId, String messageId,
                              Instant now) {
        ObjectNode context = requestContext(GatewayJson.MAPPER.createObjectNode(), connection, routeKey, "MESSAGE",
                requestId, now);
        ObjectNode ordered = GatewayJson.MAPPER.createObjectNode();
        ordered.put("routeKey", routeKey);
        ordered.put("messageId", messageId);
        context.remove("routeKey");
        ordered.setAll(context);
        return ordered;
    }

    String disconnect(Connection connection, int statusCode, String reason, String requestId, Instant now) {
        ObjectNode event = GatewayJson.MAPPER.createObjectNode();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(connection.handshake().domainName()));
        headers.put("x-api-key", List.of(""));
        headers.put("X-Forwarded-For", List.of(""));
        headers.put("x-restapi", List.of(""));
        putHeaders(event, headers);
        ObjectNode context = requestContext(event, connection, RouteTable.DISCONNECT, "DISCONNECT", requestId, now);
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason);
        event.put("isBase64Encoded", false);
        return GatewayJson.write(event);
    }

    private ObjectNode requestContext(ObjectNode event, Connection connection, String routeKey, String eventType,
                                      String requestId, Instant now) {
        HandshakeRequest handshake = connection.handshake();
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", AwsIds.requestTime(now));
        context.put("messageDirection", "IN");
        context.put("stage", settings.stage());
        context.put("connectedAt", connection.connectedAt().toEpochMilli());
        context.put("requestTimeEpoch", now.toEpochMilli());
        ObjectNode identity = context.putObject("identity");
        if (handshake.userAgent() != null) {
            identity.put("userAgent", handshake.userAgent());
        }
        identity.put("sourceIp", handshake.sourceIp());
        context.put("requestId", requestId);
        context.put("domainName", handshake.domainName());
        context.put("connectionId", connection.id());
        context.put("apiId", settings.apiId());
        if (connection.authorizer() != null) {
            context.set("authorizer", GatewayJson.MAPPER.valueToTree(connection.authorizer()));
        }
        return context;
    }

    private static void putHeaders(ObjectNode event, Map<String, List<String>> headers) {
        event.set("headers", GatewayJson.MAPPER.valueToTree(HandshakeRequest.lastValues(headers)));
        event.set("multiValueHeaders", GatewayJson.MAPPER.valueToTree(headers));
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}

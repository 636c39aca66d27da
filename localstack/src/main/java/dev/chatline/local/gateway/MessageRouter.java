package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one client message as API Gateway does: select the route; no route → the caller gets
 * {@code {"message": "Forbidden", "connectionId":"…", "requestId":"…"}}; a mock route → its rendered response
 * template goes back to the caller (no function); otherwise invoke the route's function with the
 * MESSAGE event; with a route response, the result's {@code body} (if any) goes back to the caller as one text
 * frame; a failed invocation → {@code {"message": "Internal server error", …}}. The connection stays open.
 */
final class MessageRouter {
    private static final Logger LOG = LoggerFactory.getLogger(MessageRouter.class);

    private final GatewayRuntime runtime;

    MessageRouter(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    void route(Connection connection, String body) {
        String requestId = AwsIds.requestId();
        Optional<String> routeKey = runtime.routes.select(body);
        if (routeKey.isEmpty()) {
            reply(connection, errorFrame("Forbidden", connection.id(), requestId));
            return;
        }
        Optional<MockResponseTemplate> mock = runtime.routes.mockResponse(routeKey.get());
        if (mock.isPresent()) {
            answerFromTemplate(connection, routeKey.get(), mock.get(), requestId);
            return;
        }
        RouteTable.Target target = runtime.routes.route(routeKey.get()).orElseThrow();
        String event = runtime.events.message(connection, routeKey.get(), body, requestId, AwsIds.requestId(),
                Instant.now());
        try {
            String result = runtime.invoker.invoke(target.functionName(), event);
            if (target.returnResponse()) {
                String responseBody = responseBody(result);
                if (responseBody != null && !responseBody.isEmpty()) {
                    reply(connection, responseBody);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("route {} ({}) failed for {}: {}", routeKey.get(), target.functionName(), connection.id(),
                    e.toString());
            reply(connection, errorFrame("Internal server error", connection.id(), requestId));
        }
    }

    /**
     * A MOCK integration: the gateway renders the route's response template with the message's request context
     * and sends it back (the route response); no function runs.
     */
    private void answerFromTemplate(Connection connection, String routeKey, MockResponseTemplate template,
                                    String requestId) {
        try {
            reply(connection, template.render(runtime.events.messageContext(connection, routeKey, requestId,
                    AwsIds.requestId(), Instant.now())));
        } catch (RuntimeException e) {
            LOG.warn("mock route {} failed for {}: {}", routeKey, connection.id(), e.toString());
            reply(connection, errorFrame("Internal server error", connection.id(), requestId));
        }
    }

    /** API Gateway's own error frame, byte for byte (note the spacing). */
    static String errorFrame(String message, String connectionId, String requestId) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }

    /** The proxy result's body: {@code body} of a {statusCode, body} object, else the result as returned. */
    static String responseBody(String resultJson) {
        JsonNode result;
        try {
            result = GatewayJson.MAPPER.readTree(resultJson);
        } catch (Exception notJson) {
            return resultJson;
        }
        if (result == null || result.isNull()) {
            return null;
        }
        if (result.isObject() && (result.has("statusCode") || result.has("body"))) {
            JsonNode body = result.get("body");
            return body == null || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
        }
        return result.isTextual() ? result.asText() : resultJson;
    }

    private static void reply(Connection connection, String frame) {
        connection.send(frame).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.debug("reply to {} not sent: {}", connection.id(), failure.toString());
            }
        });
    }
}

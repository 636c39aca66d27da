package dev.chatline.functions.catalog;

/**
 * A WebSocket route that API Gateway answers itself, with a MOCK integration: no function runs and nothing is
 * written. The integration request template only selects the integration response ({@link #REQUEST_TEMPLATE});
 * the route's {@code $default} route response sends {@code responseTemplate}, rendered, back to the caller.
 * Declared once in {@link MockRoutes}; the CDK stack and the local runtime both read it.
 *
 * <p>A MOCK integration's response template sees the {@code $context} variables, not the client's message:
 * nothing of the message (such as its {@code requestId}) can be echoed.
 *
 * @param routeKey the {@code action} value that selects the route
 * @param responseTemplate the integration response template; only {@code $context.<name>} references (the
 *                         WebSocket mapping template variables), no {@code $input}, {@code $util} or directives
 */
public record MockRoute(String routeKey, String responseTemplate) {
    /** The integration request template: a MOCK integration answers with the status code it names. */
    public static final String REQUEST_TEMPLATE = "{\"statusCode\":200}";

    public MockRoute {
        if (routeKey.startsWith("$")) {
            throw new IllegalArgumentException("a mock route answers an action, not " + routeKey);
        }
    }
}

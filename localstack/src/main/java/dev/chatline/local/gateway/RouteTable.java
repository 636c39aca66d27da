package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's routes and its {@code $connect} authorizer, read from {@link FunctionDef#trigger()}, and route
 * selection with the expression {@code $request.body.action}: a text body that is a JSON object whose
 * {@code action} is a string naming a route selects that route; anything else (not JSON, no or non-string action,
 * unknown action) selects {@code $default} when it exists, and nothing otherwise.
 */
public final class RouteTable {
    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";

    /** @param returnResponse the route has a route response: the result's body goes back to the caller */
    public record Target(String functionName, boolean returnResponse) {
    }

    private final Map<String, Target> routes;
    private final String authorizerFunction;

    private RouteTable(Map<String, Target> routes, String authorizerFunction) {
        this.routes = Map.copyOf(routes);
        this.authorizerFunction = authorizerFunction;
    }

    public static RouteTable from(List<FunctionDef> functions) {
        Map<String, Target> routes = new LinkedHashMap<>();
        String authorizer = null;
        for (FunctionDef def : functions) {
            if (def.trigger() instanceof Trigger.Route route) {
                if (routes.put(route.routeKey(), new Target(def.name(), route.returnResponse())) != null) {
                    throw new IllegalArgumentException("two functions for route " + route.routeKey());
                }
            } else if (def.trigger() instanceof Trigger.Authorizer) {
                if (authorizer != null) {
                    throw new IllegalArgumentException("more than one authorizer: " + authorizer + ", " + def.name());
                }
                authorizer = def.name();
            }
        }
        return new RouteTable(routes, authorizer);
    }

    public Optional<String> authorizerFunction() {
        return Optional.ofNullable(authorizerFunction);
    }

    /** Every route key with a function, e.g. {@code $connect}, {@code sendMessage}. */
    public java.util.Set<String> routeKeys() {
        return routes.keySet();
    }

    public Optional<Target> route(String routeKey) {
        return Optional.ofNullable(routes.get(routeKey));
    }

    /** The route key a message selects, or empty when no route (not even {@code $default}) matches. */
    public Optional<String> select(String body) {
        String action = action(body);
        if (action != null && !isSpecial(action) && routes.containsKey(action)) {
            return Optional.of(action);
        }
        return routes.containsKey(DEFAULT) ? Optional.of(DEFAULT) : Optional.empty();
    }

    private static boolean isSpecial(String routeKey) {
        return routeKey.equals(CONNECT) || routeKey.equals(DISCONNECT);
    }

    private static String action(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode action = node == null || !node.isObject() ? null : node.get("action");
            return action != null && action.isTextual() ? action.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}

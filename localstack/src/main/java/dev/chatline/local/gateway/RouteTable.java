package dev.chatline.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.functions.catalog.Trigger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's routes and its {@code $connect} authorizer, read from {@link FunctionDef#trigger()} and from the
 * {@link MockRoute}s (answered by the gateway itself from their response template, no function), and route
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
    private final Map<String, MockRoute> mockRoutes;
    private final Map<String, MockResponseTemplate> mockResponses;
    private final String authorizerFunction;

    private RouteTable(Map<String, Target> routes, Map<String, MockRoute> mockRoutes, String authorizerFunction) {
        this.routes = Map.copyOf(routes);
        this.mockRoutes = Map.copyOf(mockRoutes);
        Map<String, MockResponseTemplate> parsed = new LinkedHashMap<>();
        mockRoutes.forEach((key, route) -> parsed.put(key, MockResponseTemplate.parse(route.responseTemplate())));
        this.mockResponses = Map.copyOf(parsed);
        this.authorizerFunction = authorizerFunction;
    }

    /** Function routes only (gateway tests with test handlers). */
    public static RouteTable from(List<FunctionDef> functions) {
        return from(functions, List.of());
    }

    /**
     * @throws IllegalArgumentException when two entries claim one route key, or a mock route's template uses more
     *                                  than the local gateway renders (see {@link MockResponseTemplate})
     */
    public static RouteTable from(List<FunctionDef> functions, List<MockRoute> mocks) {
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
        Map<String, MockRoute> mockRoutes = new LinkedHashMap<>();
        for (MockRoute mock : mocks) {
            if (routes.containsKey(mock.routeKey()) || mockRoutes.put(mock.routeKey(), mock) != null) {
                throw new IllegalArgumentException("two entries for route " + mock.routeKey());
            }
        }
        return new RouteTable(routes, mockRoutes, authorizer);
    }

    public Optional<String> authorizerFunction() {
        return Optional.ofNullable(authorizerFunction);
    }

    /** Every route key, with a function or mock, e.g. {@code $connect}, {@code sendMessage}, {@code heartbeat}. */
    public Set<String> routeKeys() {
        Set<String> keys = new LinkedHashSet<>(routes.keySet());
        keys.addAll(mockRoutes.keySet());
        return Set.copyOf(keys);
    }

    /** The function route, empty for a mock route or an unknown key. */
    public Optional<Target> route(String routeKey) {
        return Optional.ofNullable(routes.get(routeKey));
    }

    /** The mock route (answered without a function), empty for a function route or an unknown key. */
    public Optional<MockRoute> mockRoute(String routeKey) {
        return Optional.ofNullable(mockRoutes.get(routeKey));
    }

    Optional<MockResponseTemplate> mockResponse(String routeKey) {
        return Optional.ofNullable(mockResponses.get(routeKey));
    }

    /** The route key a message selects, or empty when no route (not even {@code $default}) matches. */
    public Optional<String> select(String body) {
        String action = action(body);
        if (action != null && !isSpecial(action) && (routes.containsKey(action) || mockRoutes.containsKey(action))) {
            return Optional.of(action);
        }
        return routes.containsKey(DEFAULT) ? Optional.of(DEFAULT) : Optional.empty();
    }

    private static boolean isSpecial(String routeKey) {
        return routeKey.equals(CONNECT) || routeKey.equals(DISCONNECT);
    }

    private static String action(String body) {
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(body);
            JsonNode action = node == null || !node.isObject() ? null : node.get("action");
            return action != null && action.isTextual() ? action.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}

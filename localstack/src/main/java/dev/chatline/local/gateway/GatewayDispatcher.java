package dev.chatline.local.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * The plain-HTTP side of the gateway (everything but WebSocket upgrades): {@code @connections} under the stage,
 * the local runtime's own routes (e.g. {@code /_local/...}), a 426 for a non-upgrade request to the stage URL and
 * API Gateway's 403 {@code {"message":"Forbidden"}} for any other path.
 */
final class GatewayDispatcher extends Handler.Abstract {
    private final String stagePath;
    private final String connectionsPrefix;
    private final ConnectionsApi connections;
    private final Map<String, Request.Handler> extraRoutes =
            new ConcurrentSkipListMap<String, Request.Handler>((a, b) -> b.length() != a.length()
                    ? b.length() - a.length() : a.compareTo(b));

    GatewayDispatcher(GatewayRuntime runtime) {
        this.stagePath = "/" + runtime.settings.stage();
        this.connectionsPrefix = stagePath + "/@connections/";
        this.connections = new ConnectionsApi(runtime);
    }

    void addRoute(String pathPrefix, Request.Handler handler) {
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("path prefix must start with /: " + pathPrefix);
        }
        extraRoutes.put(pathPrefix, handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = URIUtil.decodePath(request.getHttpURI().getPath());
        if (path.startsWith(connectionsPrefix) && path.length() > connectionsPrefix.length()) {
            return connections.handle(request, response, callback, path.substring(connectionsPrefix.length()));
        }
        for (Map.Entry<String, Request.Handler> route : extraRoutes.entrySet()) {
            if (path.startsWith(route.getKey())) {
                return route.getValue().handle(request, response, callback);
            }
        }
        if (path.equals(stagePath) || path.equals(stagePath + "/")) {
            return HttpReplies.json(response, callback, 426, "{\"message\":\"Upgrade Required\"}");
        }
        return HttpReplies.forbidden(response, callback);
    }
}

package dev.chatline.local.gateway;

import dev.chatline.functions.catalog.MockRoutes;
import dev.chatline.local.lambda.LambdaHost;
import dev.chatline.local.lambda.LambdaHostOptions;
import java.net.URI;

/**
 * A gateway on a free port invoking the test handlers through a real {@link LambdaHost}, with the real mock routes
 * ({@code heartbeat}) as the local runtime has them.
 */
final class GatewayFixture implements AutoCloseable {
    static final String STAGE = "test";

    final LambdaHost host;
    final WebSocketGateway gateway;

    private GatewayFixture(boolean withDefault, GatewayLimits limits) {
        host = new LambdaHost(TestHandlers.catalog(withDefault), LambdaHostOptions.defaults(STAGE));
        gateway = new WebSocketGateway(GatewaySettings.defaults(STAGE).withLimits(limits),
                RouteTable.from(TestHandlers.catalog(withDefault), MockRoutes.ALL), host::invoke).start();
    }

    static GatewayFixture start() {
        return new GatewayFixture(true, GatewayLimits.aws());
    }

    static GatewayFixture start(boolean withDefault, GatewayLimits limits) {
        return new GatewayFixture(withDefault, limits);
    }

    /** The stage URL with a query string, e.g. {@code token=allow-alice}. */
    URI url(String query) {
        return URI.create(gateway.websocketUrl() + (query.isEmpty() ? "" : "?" + query));
    }

    TestSocket connect(String user) {
        return TestSocket.connect(url("token=allow-" + user));
    }

    @Override
    public void close() {
        gateway.close();
        host.close();
    }
}

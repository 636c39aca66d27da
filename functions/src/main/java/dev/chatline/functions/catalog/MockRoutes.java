package dev.chatline.functions.catalog;

import java.util.List;

/** The routes API Gateway answers without a function, declared once (next to {@link FunctionCatalog}). */
public final class MockRoutes {

    /**
     * {@code heartbeat}: keeps the connection inside API Gateway's 10-minute idle timeout and tells the client the
     * server time. It costs two API Gateway messages and nothing else: connection rows live until API Gateway's
     * 2-hour maximum connection duration (or {@code $disconnect}), so a heartbeat has nothing to refresh.
     */
    public static final MockRoute HEARTBEAT = new MockRoute("heartbeat",
            "{\"type\":\"ack\",\"action\":\"heartbeat\",\"serverTs\":$context.requestTimeEpoch}");

    /** All mock routes, in a stable order. */
    public static final List<MockRoute> ALL = List.of(HEARTBEAT);

    private MockRoutes() {
    }
}

package dev.chatline.local.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway's parts share: settings, routes, the invoker, the connections, listeners and threads. */
final class GatewayRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    final GatewaySettings settings;
    final RouteTable routes;
    final Invoker invoker;
    final ConnectionRegistry registry = new ConnectionRegistry();
    final EventFactory events;
    final List<GatewayListener> listeners = new CopyOnWriteArrayList<>();
    final ExecutorService workers = Executors.newCachedThreadPool(daemon("gateway-route"));
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("gateway-timer"));

    GatewayRuntime(GatewaySettings settings, RouteTable routes, Invoker invoker) {
        this.settings = settings;
        this.routes = routes;
        this.invoker = invoker;
        this.events = new EventFactory(settings);
    }

    void notifyConnect(Connection connection) {
        ConnectionInfo info = connection.info();
        for (GatewayListener listener : listeners) {
            try {
                listener.onConnect(info);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on connect {}", info.connectionId(), e);
            }
        }
    }

    void notifyDisconnect(Connection connection, int statusCode, String reason) {
        ConnectionInfo info = connection.info();
        for (GatewayListener listener : listeners) {
            try {
                listener.onDisconnect(info, statusCode, reason);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on disconnect {}", info.connectionId(), e);
            }
        }
    }

    /** The message of a failed invocation: the Lambda {@code errorMessage} when the invoker reports one. */
    static String errorMessage(RuntimeException failure) {
        try {
            Object message = failure.getClass().getMethod("errorMessage").invoke(failure);
            return message == null ? null : message.toString();
        } catch (ReflectiveOperationException notLambdaError) {
            return failure.getMessage();
        }
    }

    void shutdown() {
        timers.shutdownNow();
        workers.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

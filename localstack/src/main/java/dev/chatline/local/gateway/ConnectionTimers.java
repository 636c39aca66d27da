package dev.chatline.local.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * API Gateway's two connection clocks: the idle timeout (no message in either direction for that long) and the
 * maximum connection duration. Either closes the socket with 1001 {@code Going away}.
 */
final class ConnectionTimers {
    static final int GOING_AWAY = 1001;
    static final String GOING_AWAY_REASON = "Going away";

    private ConnectionTimers() {
    }

    static void start(Connection connection, GatewayRuntime runtime) {
        GatewayLimits limits = runtime.settings.limits();
        scheduleIdleCheck(connection, runtime, limits.idleTimeout());
        runtime.timers.schedule(() -> expire(connection), limits.maxConnectionDuration().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void scheduleIdleCheck(Connection connection, GatewayRuntime runtime, Duration delay) {
        runtime.timers.schedule(() -> {
            if (connection.state() != Connection.State.OPEN) {
                return;
            }
            Duration idleTimeout = runtime.settings.limits().idleTimeout();
            Duration idle = connection.idleFor();
            if (idle.compareTo(idleTimeout) >= 0) {
                connection.close(GOING_AWAY, GOING_AWAY_REASON);
            } else {
                scheduleIdleCheck(connection, runtime, idleTimeout.minus(idle));
            }
        }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private static void expire(Connection connection) {
        if (connection.state() == Connection.State.OPEN) {
            connection.close(GOING_AWAY, GOING_AWAY_REASON);
        }
    }
}

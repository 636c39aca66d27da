package dev.chatline.ratelimit;

import dev.chatline.auth.Identity;

/**
 * The gate every route passes before its function reads or writes anything for the request: takes the caller's
 * permit for the route ({@link RouteLimits}). The route layer calls it, so no route can forget its limit.
 */
@FunctionalInterface
public interface RouteGuard {
    /** For a function that reads and writes nothing ({@code $default}): admits everyone without a call. */
    RouteGuard NONE = (routeKey, caller) -> { };

    /**
     * Takes {@code caller}'s permit for {@code routeKey}.
     *
     * @throws dev.chatline.protocol.ProtocolException {@code RATE_LIMITED} with {@code retryAfterMs}
     */
    void admit(String routeKey, Identity caller);
}

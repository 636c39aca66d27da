package dev.chatline.local.gateway;

import java.time.Instant;
import java.util.Map;

/**
 * A connection as listeners see it.
 *
 * @param authorizer the {@code requestContext.authorizer} map every event of the connection carries
 */
public record ConnectionInfo(String connectionId, Instant connectedAt, String sourceIp, String userAgent,
                             Map<String, Object> authorizer) {
}

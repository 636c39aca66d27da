package dev.chatline.local.gateway;

import java.time.Duration;

/**
 * API Gateway WebSocket quotas the local gateway enforces. {@link #aws()} gives the AWS values (not adjustable
 * on AWS): 32 KB frames, 128 KB messages, 10 minutes idle, 2 hours per connection. Tests shrink them.
 */
public record GatewayLimits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout,
                            Duration maxConnectionDuration) {

    public static GatewayLimits aws() {
        return new GatewayLimits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
    }

    public GatewayLimits withSizes(int frameBytes, int messageBytes) {
        return new GatewayLimits(frameBytes, messageBytes, idleTimeout, maxConnectionDuration);
    }

    public GatewayLimits withIdleTimeout(Duration idle) {
        return new GatewayLimits(maxFrameBytes, maxMessageBytes, idle, maxConnectionDuration);
    }

    public GatewayLimits withMaxConnectionDuration(Duration max) {
        return new GatewayLimits(maxFrameBytes, maxMessageBytes, idleTimeout, max);
    }
}

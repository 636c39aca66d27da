package dev.chatline.presence;

import dev.chatline.config.ChatConfig;
import java.time.Duration;

/**
 * The presence limits, each an environment variable with a default. They exist so that no user's presence costs
 * another user anything they did not ask for: subscriptions are rows that others create, so how long they live and
 * how many of them one change visits are bounded here (how often a user may subscribe is the route's limit,
 * {@code RouteLimits}: {@code CHATLINE_PRESENCE_SUBSCRIBE_RATE_PERMITS}).
 *
 * @param subscriptionTtl how long a subscription lasts unless renewed ({@value #SUBSCRIPTION_SECONDS}, default
 *                        30 minutes)
 * @param maxNotified most subscribers one presence change is pushed to ({@value #MAX_NOTIFIED}, default 1,000):
 *                    the bound on the work of one notification
 */
public record PresenceSettings(Duration subscriptionTtl, int maxNotified) {
    public static final String SUBSCRIPTION_SECONDS = "CHATLINE_PRESENCE_SUBSCRIPTION_SECONDS";
    public static final String MAX_NOTIFIED = "CHATLINE_PRESENCE_MAX_NOTIFIED";

    public PresenceSettings {
        if (subscriptionTtl.toSeconds() < 1 || maxNotified < 1) {
            throw new IllegalArgumentException("subscription TTL and maxNotified must be positive");
        }
    }

    public static PresenceSettings from(ChatConfig config) {
        return new PresenceSettings(
                Duration.ofSeconds(config.get(SUBSCRIPTION_SECONDS).map(Long::parseLong).orElse(1_800L)),
                config.get(MAX_NOTIFIED).map(Integer::parseInt).orElse(1_000));
    }
}

package dev.chatline.ratelimit;

import dev.chatline.config.ChatConfig;
import java.time.Duration;

/**
 * At most {@code permits} acquisitions (or units, for a quota such as bytes per day) per fixed {@code window}
 * (windows aligned to the epoch, so a one-day window is a UTC day).
 */
public record RateLimit(long permits, Duration window) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive");
        }
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least one second");
        }
    }

    /**
     * The limit configured by {@code <prefix>_RATE_PERMITS} and {@code <prefix>_RATE_WINDOW_SECONDS} (e.g.
     * {@code CHATLINE_RECEIPT}), or the defaults for the keys that are not set.
     */
    public static RateLimit configured(ChatConfig config, String prefix, long defaultPermits,
                                       long defaultWindowSeconds) {
        return new RateLimit(config.get(permitsKey(prefix)).map(Long::parseLong).orElse(defaultPermits),
                Duration.ofSeconds(config.get(windowKey(prefix)).map(Long::parseLong).orElse(defaultWindowSeconds)));
    }

    public static String permitsKey(String prefix) {
        return prefix + "_RATE_PERMITS";
    }

    public static String windowKey(String prefix) {
        return prefix + "_RATE_WINDOW_SECONDS";
    }
}

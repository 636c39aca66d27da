package dev.chatline.ratelimit;

import java.time.Duration;

/** At most {@code permits} acquisitions per fixed {@code window} (windows aligned to the epoch). */
public record RateLimit(int permits, Duration window) {

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive");
        }
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("window must be at least one second");
        }
    }
}

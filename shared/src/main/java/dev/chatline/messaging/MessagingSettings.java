package dev.chatline.messaging;

import dev.chatline.config.ChatConfig;
import dev.chatline.ratelimit.RateLimit;
import java.time.Duration;

/**
 * Settings of the messaging functions, read from {@link ChatConfig} (environment variables or system properties).
 *
 * @param sendRateLimit {@value #SEND_RATE_PERMITS} messages per {@value #SEND_RATE_WINDOW_SECONDS} seconds per
 *                      user (default 100 per 10 s)
 * @param fanoutConcurrency threads posting to connections in one fan-out function instance
 *                          ({@value #FANOUT_CONCURRENCY}, default 16)
 * @param retention how long messages, inbox and idempotency rows live
 */
public record MessagingSettings(RateLimit sendRateLimit, int fanoutConcurrency, Duration retention) {
    public static final String SEND_RATE_PERMITS = "CHATLINE_SEND_RATE_PERMITS";
    public static final String SEND_RATE_WINDOW_SECONDS = "CHATLINE_SEND_RATE_WINDOW_SECONDS";
    public static final String FANOUT_CONCURRENCY = "CHATLINE_FANOUT_CONCURRENCY";

    public static MessagingSettings from(ChatConfig config) {
        int permits = config.get(SEND_RATE_PERMITS).map(Integer::parseInt).orElse(100);
        long window = config.get(SEND_RATE_WINDOW_SECONDS).map(Long::parseLong).orElse(10L);
        int concurrency = config.get(FANOUT_CONCURRENCY).map(Integer::parseInt).orElse(16);
        return new MessagingSettings(new RateLimit(permits, Duration.ofSeconds(window)), concurrency,
                config.messageRetention());
    }
}

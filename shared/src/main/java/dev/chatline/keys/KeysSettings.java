package dev.chatline.keys;

import dev.chatline.config.ChatConfig;
import dev.chatline.ratelimit.RateLimit;
import java.time.Duration;

/**
 * Limits of the key service, read from {@link ChatConfig}.
 *
 * @param fetchPerRequester {@code keysFetch} calls per requesting user ({@value #FETCH_RATE_PERMITS}, default 60
 *                          per {@value #FETCH_RATE_WINDOW_SECONDS} s, default 60)
 * @param fetchPerPair {@code keysFetch} calls per (requester, target user) ({@value #FETCH_PAIR_RATE_PERMITS},
 *                     default 10 per the same window)
 * @param maxStoredPerDevice one-time keys of each kind a device may have stored (1000)
 */
public record KeysSettings(RateLimit fetchPerRequester, RateLimit fetchPerPair, int maxStoredPerDevice) {
    public static final String FETCH_RATE_PERMITS = "CHATLINE_KEYS_FETCH_RATE_PERMITS";
    public static final String FETCH_PAIR_RATE_PERMITS = "CHATLINE_KEYS_FETCH_PAIR_RATE_PERMITS";
    public static final String FETCH_RATE_WINDOW_SECONDS = "CHATLINE_KEYS_FETCH_RATE_WINDOW_SECONDS";
    public static final int MAX_STORED_PER_DEVICE = 1000;

    public static KeysSettings from(ChatConfig config) {
        Duration window = Duration.ofSeconds(config.get(FETCH_RATE_WINDOW_SECONDS).map(Long::parseLong).orElse(60L));
        int perRequester = config.get(FETCH_RATE_PERMITS).map(Integer::parseInt).orElse(60);
        int perPair = config.get(FETCH_PAIR_RATE_PERMITS).map(Integer::parseInt).orElse(10);
        return new KeysSettings(new RateLimit(perRequester, window), new RateLimit(perPair, window),
                MAX_STORED_PER_DEVICE);
    }
}

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
 * @param handoutsPerDevice one-time prekeys handed out per target device, whoever asks ({@value #HANDOUT_PERMITS},
 *                          default 50 per {@value #HANDOUT_WINDOW_SECONDS} s, default 3,600); past it a bundle has no
 *                          one-time EC key and the last-resort Kyber key, so nobody can drain a device's keys
 * @param identityChanges uploads with a new identity key per user ({@value #IDENTITY_CHANGE_PERMITS}, default 5 per
 *                        {@value #IDENTITY_CHANGE_WINDOW_SECONDS} s, default 3,600): each one tells every contact
 * @param maxStoredPerDevice one-time keys of each kind a device may have stored (1000)
 */
public record KeysSettings(RateLimit fetchPerRequester, RateLimit fetchPerPair, RateLimit handoutsPerDevice,
                           RateLimit identityChanges, int maxStoredPerDevice) {
    public static final String FETCH_RATE_PERMITS = "CHATLINE_KEYS_FETCH_RATE_PERMITS";
    public static final String FETCH_PAIR_RATE_PERMITS = "CHATLINE_KEYS_FETCH_PAIR_RATE_PERMITS";
    public static final String FETCH_RATE_WINDOW_SECONDS = "CHATLINE_KEYS_FETCH_RATE_WINDOW_SECONDS";
    private static final String HANDOUT = "CHATLINE_KEYS_HANDOUT";
    public static final String HANDOUT_PERMITS = "CHATLINE_KEYS_HANDOUT_RATE_PERMITS";
    public static final String HANDOUT_WINDOW_SECONDS = "CHATLINE_KEYS_HANDOUT_RATE_WINDOW_SECONDS";
    private static final String IDENTITY_CHANGE = "CHATLINE_IDENTITY_CHANGE";
    public static final String IDENTITY_CHANGE_PERMITS = "CHATLINE_IDENTITY_CHANGE_RATE_PERMITS";
    public static final String IDENTITY_CHANGE_WINDOW_SECONDS = "CHATLINE_IDENTITY_CHANGE_RATE_WINDOW_SECONDS";
    public static final int MAX_STORED_PER_DEVICE = 1000;

    public static KeysSettings from(ChatConfig config) {
        Duration window = Duration.ofSeconds(config.get(FETCH_RATE_WINDOW_SECONDS).map(Long::parseLong).orElse(60L));
        int perRequester = config.get(FETCH_RATE_PERMITS).map(Integer::parseInt).orElse(60);
        int perPair = config.get(FETCH_PAIR_RATE_PERMITS).map(Integer::parseInt).orElse(10);
        return new KeysSettings(new RateLimit(perRequester, window), new RateLimit(perPair, window),
                RateLimit.configured(config, HANDOUT, 50, 3600),
                RateLimit.configured(config, IDENTITY_CHANGE, 5, 3600), MAX_STORED_PER_DEVICE);
    }
}

package dev.chatline.push;

import dev.chatline.config.ChatConfig;
import java.time.Duration;

/**
 * Settings of the push function.
 *
 * @param window a device gets at most one push per chat within this time while it stays offline
 *               ({@value ChatConfig#PUSH_WINDOW_SECONDS}, default 60 s)
 * @param maxAttempts sends of a notification that keeps failing transiently (default 3)
 * @param firstBackoff wait before the first retry; doubled before each further one (default 200 ms)
 * @param batchSize notifications per {@code sendEach} call (FCM allows {@value PushSender#MAX_BATCH})
 * @param claimLease how long a push function holds a (device, chat) between claiming it and FCM accepting the push
 *                   ({@value #CLAIM_SECONDS}, default 10 s): after a crash in between, that chat's next push waits
 *                   at most this long; a send slower than this may let a concurrent function push the chat too
 *                   (a duplicate data-only push, collapsed per chat on the device)
 */
public record PushSettings(Duration window, int maxAttempts, Duration firstBackoff, int batchSize,
                           Duration claimLease) {
    public static final String CLAIM_SECONDS = "CHATLINE_PUSH_CLAIM_SECONDS";

    public PushSettings {
        if (batchSize < 1 || batchSize > PushSender.MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be 1-" + PushSender.MAX_BATCH);
        }
        if (claimLease.isNegative() || claimLease.isZero()) {
            throw new IllegalArgumentException("claimLease must be positive");
        }
    }

    public static PushSettings from(ChatConfig config) {
        return new PushSettings(Duration.ofSeconds(config.get(ChatConfig.PUSH_WINDOW_SECONDS)
                .map(Long::parseLong).orElse(60L)), 3, Duration.ofMillis(200), PushSender.MAX_BATCH,
                Duration.ofSeconds(config.get(CLAIM_SECONDS).map(Long::parseLong).orElse(10L)));
    }
}

package dev.chatline.local.bench;

import dev.chatline.keys.KeysSettings;
import dev.chatline.media.MediaQuota;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.ratelimit.RouteLimits;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Lifts every per-user limit for a benchmark run: a closed-loop load generator sends as fast as the stack answers,
 * faster than any user should (the defaults stay as they are; a benchmark measures the path, not the limits). The
 * permits are still taken, so the limiter's write is in every figure. Call before the runtime starts: the functions
 * read their configuration at cold start.
 */
final class BenchLimits {
    private static final String PLENTY = "100000000";

    private BenchLimits() {
    }

    static void configure() {
        Stream.concat(Arrays.stream(RouteLimits.Bucket.values()).map(RouteLimits.Bucket::permitsKey), Stream.of(
                MessagingSettings.SEND_RATE_PERMITS, KeysSettings.FETCH_RATE_PERMITS,
                KeysSettings.FETCH_PAIR_RATE_PERMITS, KeysSettings.HANDOUT_PERMITS,
                KeysSettings.IDENTITY_CHANGE_PERMITS))
                .forEach(key -> System.setProperty(key, PLENTY));
        System.setProperty(MediaQuota.DAILY_BYTES, Long.toString(Long.MAX_VALUE / 2));
    }
}

package dev.chatline.media;

import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimit;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Duration;

/**
 * The bytes of upload URLs one user may be issued per UTC day ({@value #DAILY_BYTES}, default 2 GiB): the sum of
 * the declared sizes of every {@code mediaUpload} that day, counted when the URL is issued (whether or not it is
 * used), since an issued URL lets its holder store that many bytes for the retention period. Without it, a user
 * could ask for an unlimited number of 100 MB URLs: storage the operator pays for 30 days. One conditional write
 * per upload on the {@code rate-limits} table ({@link RateLimiter#take}).
 */
public final class MediaQuota {
    public static final String DAILY_BYTES = "CHATLINE_MEDIA_DAILY_BYTES";
    public static final long DEFAULT_DAILY_BYTES = 2L * 1024 * 1024 * 1024;
    private static final Duration DAY = Duration.ofDays(1);

    private final RateLimiter limiter;
    private final RateLimit daily;

    public MediaQuota(RateLimiter limiter, ChatConfig config) {
        this.limiter = limiter;
        this.daily = new RateLimit(config.get(DAILY_BYTES).map(Long::parseLong).orElse(DEFAULT_DAILY_BYTES), DAY);
    }

    /**
     * Counts {@code bytes} against the user's quota of today.
     *
     * @throws ProtocolException {@link ErrorCode#MEDIA_QUOTA_EXCEEDED} with {@code retryAfterMs} until the UTC day
     *                           ends, when they do not fit (nothing is counted then)
     */
    public void reserve(String userId, long bytes) {
        long retryAfterMs = limiter.take("mediaBytes#" + userId, bytes, daily);
        if (retryAfterMs > 0) {
            throw new ProtocolException(ErrorCode.MEDIA_QUOTA_EXCEEDED, "daily media upload quota of "
                    + daily.permits() + " bytes exceeded (" + bytes + " bytes asked)", retryAfterMs);
        }
    }
}

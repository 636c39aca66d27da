package dev.chatline.fanout;

import dev.chatline.config.ChatConfig;
import java.time.Duration;

/**
 * Settings of the fan-out consumer's batch processing ({@link FanoutBatch}), read from {@link ChatConfig}.
 *
 * @param groupConcurrency chats (message groups) of one batch delivered at the same time
 *                         ({@value #GROUP_CONCURRENCY}, default 10 = the batch size, so every chat of a batch runs
 *                         at once)
 * @param safetyMargin no record is started when less than this is left of the invocation
 *                     ({@value #SAFETY_MARGIN_SECONDS}, default 5 s); records are also not started after half of
 *                     the time the invocation had when the batch began
 * @param firstRetryDelay how long a failed record waits before SQS hands it out again on its first failure
 *                        (default 1 s); it doubles with every further receive
 * @param maxRetryDelay the longest such wait (default 60 s)
 */
public record FanoutBatchSettings(int groupConcurrency, Duration safetyMargin, Duration firstRetryDelay,
                                  Duration maxRetryDelay) {
    public static final String GROUP_CONCURRENCY = "CHATLINE_FANOUT_GROUP_CONCURRENCY";
    public static final String SAFETY_MARGIN_SECONDS = "CHATLINE_FANOUT_SAFETY_MARGIN_SECONDS";

    public FanoutBatchSettings {
        if (groupConcurrency < 1) {
            throw new IllegalArgumentException("groupConcurrency must be >= 1");
        }
        if (firstRetryDelay.isNegative() || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= firstRetryDelay <= maxRetryDelay");
        }
    }

    public static FanoutBatchSettings from(ChatConfig config) {
        int groups = config.get(GROUP_CONCURRENCY).map(Integer::parseInt).orElse(10);
        long margin = config.get(SAFETY_MARGIN_SECONDS).map(Long::parseLong).orElse(5L);
        return new FanoutBatchSettings(groups, Duration.ofSeconds(margin), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    /**
     * The wait before the {@code receiveCount}-th receive of a record is handed out again after it failed:
     * {@code firstRetryDelay × 2^(receiveCount − 1)}, at most {@code maxRetryDelay}.
     */
    public Duration retryDelay(int receiveCount) {
        int doublings = Math.min(Math.max(receiveCount, 1) - 1, 20);
        Duration d = firstRetryDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }

    /**
     * How long after the batch starts records may still be started, given the invocation's remaining time: half of
     * it, and never closer than {@code safetyMargin} to its end.
     */
    public Duration startWindow(Duration remaining) {
        Duration half = remaining.dividedBy(2);
        Duration beforeMargin = remaining.minus(safetyMargin);
        Duration w = half.compareTo(beforeMargin) < 0 ? half : beforeMargin;
        return w.isNegative() ? Duration.ZERO : w;
    }
}

package dev.chatline.local.events;

import java.time.Duration;
import java.util.List;

/**
 * Timings of the local event sources.
 *
 * @param longPollWait {@code WaitTimeSeconds} of a receive while nothing is in flight (Lambda's pollers use 20 s;
 *                     the default is 5 s, below the SDK clients' 10 s socket timeout, and bounds how long an
 *                     abandoned receive lingers after {@code close()})
 * @param busyPollInterval while batches are in flight or failed records wait for their visibility timeout, the
 *                         poller short-polls at most this often (it also wakes when a batch completes)
 * @param maxConcurrency concurrent batches per SQS event source mapping (Lambda's {@code MaximumConcurrency},
 *                       minimum 2 on AWS) and concurrent asynchronous invocations per SNS subscription
 * @param asyncRetryDelays delays before the retries of a failed asynchronous invocation (SNS → Lambda): Lambda
 *                         retries twice, after about 1 and 2 minutes; locally the default is 1 s and 2 s
 * @param shutdownTimeout how long {@code close()} waits for invocations in flight
 */
public record EventSourceSettings(Duration longPollWait, Duration busyPollInterval, int maxConcurrency,
                                  List<Duration> asyncRetryDelays, Duration shutdownTimeout) {

    public EventSourceSettings {
        if (longPollWait.isNegative() || longPollWait.toSeconds() > 20) {
            throw new IllegalArgumentException("longPollWait must be 0..20 s");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1");
        }
        asyncRetryDelays = List.copyOf(asyncRetryDelays);
    }

    public static EventSourceSettings defaults() {
        return new EventSourceSettings(Duration.ofSeconds(5), Duration.ofMillis(200), 5,
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofSeconds(30));
    }

    public EventSourceSettings withAsyncRetryDelays(List<Duration> delays) {
        return new EventSourceSettings(longPollWait, busyPollInterval, maxConcurrency, delays, shutdownTimeout);
    }

    public EventSourceSettings withMaxConcurrency(int concurrency) {
        return new EventSourceSettings(longPollWait, busyPollInterval, concurrency, asyncRetryDelays,
                shutdownTimeout);
    }

    public EventSourceSettings withLongPollWait(Duration wait) {
        return new EventSourceSettings(wait, busyPollInterval, maxConcurrency, asyncRetryDelays, shutdownTimeout);
    }
}

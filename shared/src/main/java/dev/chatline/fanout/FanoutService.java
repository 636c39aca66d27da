package dev.chatline.fanout;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a fan-out job taken from the queue ({@link LiveDelivery}), then hands the targets it could not post to
 * (throttled, 5xx after the in-process retries) back to the queue as a new job for those targets only, at most
 * {@value #MAX_ATTEMPTS} times. So a redelivered record never re-posts to the connections that already have the
 * frame, and a record is only failed (redelivered whole by SQS) when the queue itself cannot be written.
 *
 * <p>After the last attempt a message's remaining targets keep their inbox rows and get a push request (they see
 * the message on their next {@code sync}); an event's are stored as inbox events. Nothing is lost either way.
 */
public final class FanoutService {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
    /** Deliveries of one job (the first and its retries) before the remaining targets fall back to sync. */
    public static final int MAX_ATTEMPTS = 5;

    private final LiveDelivery live;
    private final FanoutQueue queue;

    public FanoutService(LiveDelivery live, FanoutQueue queue) {
        this.live = live;
        this.queue = queue;
    }

    public void deliver(FanoutJob job) {
        retryLater(job, live.deliver(job).failed());
    }

    /**
     * Queues a retry for {@code failed} targets of {@code job} (a new job of the same FIFO group), or after the
     * last attempt treats them as offline. Shared by every direct deliverer (send, receipts).
     */
    public void retryLater(FanoutJob job, List<FanoutJob.Target> failed) {
        if (failed.isEmpty()) {
            return;
        }
        if (job.attempt() + 1 >= MAX_ATTEMPTS) {
            LOG.warn("{} {}: {} targets unreachable after {} attempts; they will get it on sync", job.kind(),
                    job.eventId(), failed.size(), MAX_ATTEMPTS);
            live.offline(job, failed);
            return;
        }
        queue.enqueue(job.retry(failed));
    }
}

package dev.chatline.messaging;

import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one fan-out job: one live-connection query per target user (concurrently, on the shared bounded
 * executor), then the frame is posted concurrently (same executor) to every live connection of every target device
 * (with the target's own envelope when the message has per-device envelopes). A 410 has already removed that
 * connection's row ({@link ConnectionSender}). A target device that no post reached is offline: for a message its
 * inbox row stays and one push request is published; for a receipt event the frame is stored as an inbox event.
 *
 * <p>Any other failure (throttling, 5xx) propagates after all posts of the job have finished, so the queue
 * redelivers the whole job: delivery is at least once and clients de-duplicate by messageId.
 */
public final class FanoutService {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);

    private final ConnectionStore connections;
    private final ConnectionSender sender;
    private final InboxStore inbox;
    private final PushPublisher push;
    private final ExecutorService executor;
    private final MessagingSettings settings;
    private final Clock clock;
    private final Metrics metrics;

    public FanoutService(ConnectionStore connections, ConnectionSender sender, InboxStore inbox, PushPublisher push,
                         ExecutorService executor, MessagingSettings settings, Clock clock) {
        this(connections, sender, inbox, push, executor, settings, clock, Metrics.NOOP);
    }

    /**
     * @param metrics counts {@value Metrics#FANOUT_POSTS}, {@value Metrics#FANOUT_GONE} and
     *                {@value Metrics#PUSH_REQUESTS_PUBLISHED} (on the calling thread, after the posts finished)
     */
    public FanoutService(ConnectionStore connections, ConnectionSender sender, InboxStore inbox, PushPublisher push,
                         ExecutorService executor, MessagingSettings settings, Clock clock, Metrics metrics) {
        this.connections = connections;
        this.sender = sender;
        this.inbox = inbox;
        this.push = push;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void deliver(FanoutJob job) {
        String frame = Json.write(job.frame());
        Map<FanoutJob.Target, List<Future<ConnectionSender.PostResult>>> posts = new LinkedHashMap<>();
        Map<String, List<FanoutJob.Target>> byUser = new LinkedHashMap<>();
        new LinkedHashSet<>(job.targets()).forEach(t -> byUser.computeIfAbsent(t.userId(), u -> new ArrayList<>())
                .add(t));
        // one live-connection query per target user, all on the bounded executor (a 256-member group is not 256
        // sequential queries); posts start as the queries finish, in target order
        Map<String, Future<List<ConnectionRecord>>> lookups = new LinkedHashMap<>();
        byUser.keySet().forEach(u -> lookups.put(u, executor.submit(() -> connections.liveConnections(u))));
        byUser.forEach((userId, targets) -> {
            List<ConnectionRecord> live = await(lookups.get(userId));
            for (FanoutJob.Target t : targets) {
                List<Future<ConnectionSender.PostResult>> futures = new ArrayList<>();
                String deviceFrame = t.envelope() == null ? frame
                        : Json.write(MessageFrames.withEnvelope(job.frame().deepCopy(), t.envelope()));
                live.stream().filter(c -> c.deviceId().equals(t.deviceId())).forEach(c ->
                        futures.add(executor.submit(() -> sender.post(c.connectionId(), deviceFrame))));
                posts.put(t, futures);
            }
        });
        Set<FanoutJob.Target> reached = awaitReached(posts);
        for (FanoutJob.Target t : posts.keySet()) {
            if (reached.contains(t)) {
                if (job.isMessage() && t.userId().equals(job.senderUserId())) {
                    // a copy of the user's own message: no receipt will ever remove it
                    inbox.delete(t.deviceKey(), List.of(InboxStore.messageEntryKey(new MessageRef(job.chatId(),
                            job.seq()))));
                }
            } else if (job.isMessage()) {
                push.publish(new PushPublisher.PushRequest(FanoutJob.MESSAGE, t.userId(), t.deviceId(),
                        job.chatId(), job.eventId(), job.seq(), job.frame().path("serverTs").asLong(clock.millis())));
                metrics.count(Metrics.PUSH_REQUESTS_PUBLISHED);
            } else {
                inbox.addEvent(t.deviceKey(), job.eventId(), frame,
                        clock.instant().plus(settings.retention()).getEpochSecond());
            }
        }
        LOG.info("fan-out {} {}: {} of {} devices online", job.kind(), job.eventId(), reached.size(), posts.size());
    }

    /** The lookup's result; its failure propagates (the queue redelivers the job). */
    private static <T> T await(Future<T> lookup) {
        try {
            return lookup.get();
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up connections", ex);
        }
    }

    /** Waits for every post; the targets with at least one SENT; rethrows the first failure after all finished. */
    private Set<FanoutJob.Target> awaitReached(
            Map<FanoutJob.Target, List<Future<ConnectionSender.PostResult>>> posts) {
        Set<FanoutJob.Target> reached = new LinkedHashSet<>();
        RuntimeException failure = null;
        for (Map.Entry<FanoutJob.Target, List<Future<ConnectionSender.PostResult>>> e : posts.entrySet()) {
            for (Future<ConnectionSender.PostResult> f : e.getValue()) {
                try {
                    if (f.get() == ConnectionSender.PostResult.SENT) {
                        reached.add(e.getKey());
                        metrics.count(Metrics.FANOUT_POSTS);
                    } else {
                        metrics.count(Metrics.FANOUT_GONE);
                    }
                } catch (ExecutionException ex) {
                    RuntimeException cause = ex.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(ex.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while posting", ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reached;
    }
}

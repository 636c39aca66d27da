package dev.chatline.fanout;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.Backoff;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one job's frame to the live connections of its target devices — the one delivery step shared by the send
 * and receipt functions (which deliver directly) and the fan-out consumer (large groups, retries).
 *
 * <p>Per job: every live connection of every target device gets one post, all concurrently on a bounded executor.
 * A post that fails with anything but 410 (throttled, 5xx) is retried on that connection only, at most
 * {@link #POST_ATTEMPTS} times with a short backoff, so a retry never posts twice to a connection that already has
 * the frame. A 410 has removed that connection's row ({@link ConnectionSender}). Then:
 * <ul>
 *   <li>a target reached on at least one connection is done (a copy of the user's own message on another device
 *   also has its inbox row deleted, since no receipt will ever remove it);</li>
 *   <li>a target with no live connection is offline: a message keeps its inbox row and gets one push request (all
 *   of a job's requests published in batches of ten; if they cannot be published, those targets count as failed
 *   below); an event is stored as an inbox event;</li>
 *   <li>a target whose every post failed is {@link Outcome#failed} — the caller hands it to the fan-out queue
 *   (the retry path), so one chat's throttled connection never blocks anything else.</li>
 * </ul>
 */
public final class LiveDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDelivery.class);
    /** Posts per connection before the target is handed to the retry path. */
    public static final int POST_ATTEMPTS = 3;

    /** What became of a job's targets. */
    public record Outcome(List<FanoutJob.Target> reached, List<FanoutJob.Target> offline,
                          List<FanoutJob.Target> failed) {
    }

    private final ConnectionStore connections;
    private final ConnectionSender sender;
    private final InboxStore inbox;
    private final PushPublisher push;
    private final ExecutorService executor;
    private final MessagingSettings settings;
    private final Clock clock;
    private final Metrics metrics;
    private final Backoff backoff;

    public LiveDelivery(ConnectionStore connections, ConnectionSender sender, InboxStore inbox, PushPublisher push,
                        ExecutorService executor, MessagingSettings settings, Clock clock, Metrics metrics,
                        Backoff.Sleeper sleeper) {
        this.connections = connections;
        this.sender = sender;
        this.inbox = inbox;
        this.push = push;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.backoff = Backoff.doubling(POST_ATTEMPTS, Duration.ofMillis(40), Duration.ofMillis(160))
                .withSleeper(sleeper);
    }

    /** Starts the live-connection queries of these users (concurrently, one Query each). */
    public Map<String, CompletableFuture<List<ConnectionRecord>>> lookup(Collection<String> userIds) {
        Map<String, CompletableFuture<List<ConnectionRecord>>> out = new LinkedHashMap<>();
        new LinkedHashSet<>(userIds).forEach(u ->
                out.put(u, CompletableFuture.supplyAsync(() -> connections.liveConnections(u), executor)));
        return out;
    }

    /**
     * The lookups again for the users that had no live connection: a send looks its users up before it writes the
     * inbox rows, so a device that connected (and synced) in between would otherwise get neither the live frame
     * nor, before its next sync, the inbox row. Users with connections keep their result.
     */
    public Map<String, CompletableFuture<List<ConnectionRecord>>> refreshOffline(
            Map<String, CompletableFuture<List<ConnectionRecord>>> live) {
        Map<String, CompletableFuture<List<ConnectionRecord>>> out = new LinkedHashMap<>();
        live.forEach((user, lookup) -> out.put(user, lookup.thenCompose(found -> found.isEmpty()
                ? CompletableFuture.supplyAsync(() -> connections.liveConnections(user), executor)
                : CompletableFuture.completedFuture(found))));
        return out;
    }

    /**
     * Delivers a one-target job to a connection known without a lookup (e.g. the one a message was sent from, for
     * the sender's receipt event); if that connection is gone, the target is looked up after all.
     */
    public Outcome deliverVia(FanoutJob job, ConnectionRecord known) {
        Outcome direct = deliver(job, Map.of(known.userId(), CompletableFuture.completedFuture(List.of(known))),
                false);
        return direct.offline().isEmpty() ? direct : deliver(job);
    }

    /** Delivers the job, looking up its users' connections first. */
    public Outcome deliver(FanoutJob job) {
        return deliver(job, lookup(job.targets().stream().map(FanoutJob.Target::userId).toList()));
    }

    /**
     * Delivers the job to the connections found by {@code live} (from {@link #lookup}; a user missing from it has
     * no live connection). A failed lookup propagates.
     */
    public Outcome deliver(FanoutJob job, Map<String, CompletableFuture<List<ConnectionRecord>>> live) {
        return deliver(job, live, true);
    }

    /** @param settle whether targets found offline are settled (push request or inbox event) */
    private Outcome deliver(FanoutJob job, Map<String, CompletableFuture<List<ConnectionRecord>>> live,
                            boolean settle) {
        String frame = Json.write(job.frame());
        Map<FanoutJob.Target, List<CompletableFuture<Boolean>>> posts = new LinkedHashMap<>();
        List<FanoutJob.Target> ordered = new ArrayList<>(new LinkedHashSet<>(job.targets()));
        ordered.sort(java.util.Comparator.comparing(t -> live.containsKey(t.userId())
                && live.get(t.userId()).isDone() ? 0 : 1));
        for (FanoutJob.Target t : ordered) {
            String deviceFrame = t.envelope() == null ? frame
                    : Json.write(MessageFrames.withEnvelope(job.frame().deepCopy(), t.envelope()));
            List<CompletableFuture<Boolean>> futures = new ArrayList<>();
            for (ConnectionRecord c : connectionsOf(live, t)) {
                futures.add(CompletableFuture.supplyAsync(() -> postWithRetry(c.connectionId(), deviceFrame),
                        executor));
            }
            posts.put(t, futures);
        }
        List<FanoutJob.Target> reached = new ArrayList<>();
        List<FanoutJob.Target> offline = new ArrayList<>();
        List<FanoutJob.Target> failed = new ArrayList<>();
        posts.forEach((t, futures) -> {
            List<Boolean> results = futures.stream().map(LiveDelivery::resultOf).toList();
            if (results.contains(Boolean.TRUE)) {
                reached.add(t);
            } else if (results.contains(null)) {
                failed.add(t);
            } else {
                offline.add(t);
            }
        });
        List<FanoutJob.Target> unpublished = afterPosts(job, frame, reached, settle ? offline : List.of());
        offline.removeAll(unpublished);
        failed.addAll(unpublished);
        LOG.info("delivered {} {}: {} of {} devices online, {} to retry", job.kind(), job.eventId(), reached.size(),
                posts.size(), failed.size());
        return new Outcome(reached, offline, failed);
    }

    private static List<ConnectionRecord> connectionsOf(Map<String, CompletableFuture<List<ConnectionRecord>>> live,
                                                        FanoutJob.Target t) {
        CompletableFuture<List<ConnectionRecord>> lookup = live.get(t.userId());
        if (lookup == null) {
            return List.of();
        }
        try {
            return lookup.join().stream().filter(c -> c.deviceId().equals(t.deviceId())).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** TRUE = posted, FALSE = gone (410), null = every attempt failed. */
    private static Boolean resultOf(CompletableFuture<Boolean> post) {
        return post.join();
    }

    private Boolean postWithRetry(String connectionId, String frame) {
        for (int attempt = 1; ; attempt++) {
            try {
                boolean sent = sender.post(connectionId, frame) == ConnectionSender.PostResult.SENT;
                metrics.count(sent ? Metrics.FANOUT_POSTS : Metrics.FANOUT_GONE);
                return sent;
            } catch (RuntimeException e) {
                try {
                    if (!backoff.pause(attempt)) {
                        LOG.warn("post to {} failed {} times; handing it to the retry path", connectionId, attempt,
                                e);
                        return null;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    /**
     * Settles the job's reached and offline targets; returns the offline targets of a message whose push requests
     * could not be published. Those go to the retry path like a failed post, so the job's record does not fail and
     * is not redelivered whole (which would post again to every connection already reached).
     */
    private List<FanoutJob.Target> afterPosts(FanoutJob job, String frame, List<FanoutJob.Target> reached,
                                              List<FanoutJob.Target> offline) {
        if (job.isMessage()) {
            reached.stream().filter(t -> t.userId().equals(job.senderUserId())).forEach(t ->
                    // a copy of the user's own message: no receipt will ever remove it
                    inbox.delete(t.device(), List.of(InboxStore.messageEntryKey(new MessageRef(job.chatId(),
                            job.seq())))));
            try {
                offline(job, frame, offline);
            } catch (RuntimeException e) {
                LOG.warn("{} {}: push requests for {} offline devices not published; retrying them", job.kind(),
                        job.eventId(), offline.size(), e);
                return List.copyOf(offline);
            }
            return List.of();
        }
        offline(job, frame, offline);
        return List.of();
    }

    /**
     * Targets not reachable live: a message keeps its inbox rows and gets one push request per device (published
     * in batches); an event is stored as an inbox event for the next {@code sync}.
     */
    public void offline(FanoutJob job, List<FanoutJob.Target> offline) {
        offline(job, Json.write(job.frame()), offline);
    }

    private void offline(FanoutJob job, String frame, List<FanoutJob.Target> offline) {
        if (job.isMessage()) {
            List<PushPublisher.PushRequest> requests = offline.stream().map(t -> new PushPublisher.PushRequest(
                    FanoutJob.MESSAGE, t.userId(), t.deviceId(), job.chatId(), job.eventId(), job.seq(),
                    job.frame().path("serverTs").asLong(clock.millis()))).toList();
            if (!requests.isEmpty()) {
                push.publishAll(requests);
                metrics.count(Metrics.PUSH_REQUESTS_PUBLISHED, requests.size());
            }
        } else {
            long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
            Set<DeviceRef> stored = new LinkedHashSet<>();
            offline.forEach(t -> {
                if (stored.add(t.device())) {
                    inbox.addEvent(t.device(), job.eventId(), frame, expiresAt);
                }
            });
        }
    }
}

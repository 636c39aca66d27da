package dev.chatline.push;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.Backoff;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.fanout.PushPublisher.PushRequest;
import dev.chatline.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns push requests (one per offline device and message, from the fan-out) into FCM notifications.
 *
 * <p>Per request: the device's token (none → skipped); the per-chat window ({@link PushWindowStore}): the device
 * gets at most one push per chat within {@link PushSettings#window()}, unless it connected after that push (it
 * was online in between, so a new message is news again). The window is claimed for a short lease
 * ({@link PushSettings#claimLease()}) before sending and starts only when FCM accepted the push (confirmed after the
 * send): a function that dies in between holds the chat back for at most the lease, and Lambda's retry of the
 * invocation pushes it then. Notifications are sent with {@code sendEach} in batches of ≤
 * {@link PushSettings#batchSize()} (500); transient failures are retried with exponential backoff up to
 * {@link PushSettings#maxAttempts()}; UNREGISTERED / INVALID_ARGUMENT delete the device's token if it is still
 * the same one. A push that fails for good releases its claim and is dropped: the message itself stays in the
 * device's inbox and arrives on the next {@code sync}.
 */
public final class PushService {
    private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

    /** No pause between retries is longer than this (with the defaults: 200 ms, then 400 ms). */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final PushTokenStore tokens;
    private final PushWindowStore windows;
    private final DeviceAccountStore devices;
    private final PushSender sender;
    private final PushSettings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final Metrics metrics;

    public PushService(PushTokenStore tokens, PushWindowStore windows, DeviceAccountStore devices, PushSender sender,
                       PushSettings settings, Clock clock, Backoff.Sleeper sleeper, Metrics metrics) {
        this.tokens = tokens;
        this.windows = windows;
        this.devices = devices;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.backoff = Backoff.doubling(settings.maxAttempts(), settings.firstBackoff(), MAX_BACKOFF)
                .withSleeper(sleeper);
        this.metrics = metrics;
    }

    /** A notification about to be sent, with its claim (to confirm or release) and what deletes its token. */
    /** What one notification of a batch stands for: the latest message of one chat for one device. */
    private record DeviceChat(DeviceRef device, String chatId) {
    }

    private record Pending(PushToken token, PushSender.Notification notification, long claimedAt,
                           long claimedUntil) {
    }

    public void deliver(List<PushRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        if (!sender.available()) {
            metrics.count(Metrics.PUSHES_UNCONFIGURED, requests.size());
            LOG.warn("push is off (no FCM key configured, see docs/operations.md#push): {} push requests dropped; "
                    + "the messages wait in the inbox for sync", requests.size());
            return;
        }
        // one notification per (device, chat) of this batch: the latest message wins
        Map<DeviceChat, PushRequest> latest = new LinkedHashMap<>();
        requests.forEach(r -> latest.merge(new DeviceChat(new DeviceRef(r.userId(), r.deviceId()), r.chatId()), r,
                (a, b) -> b.seq() >= a.seq() ? b : a));
        List<Pending> pending = new ArrayList<>();
        for (PushRequest r : latest.values()) {
            admit(r).ifPresentOrElse(pending::add, () -> metrics.count(Metrics.PUSHES_SKIPPED));
        }
        for (int from = 0; from < pending.size(); from += settings.batchSize()) {
            send(pending.subList(from, Math.min(pending.size(), from + settings.batchSize())));
        }
    }

    /** The notification to send for {@code r}, or empty when the device has no token or is inside its window. */
    private Optional<Pending> admit(PushRequest r) {
        Optional<PushToken> token = tokens.get(r.userId(), r.deviceId());
        if (token.isEmpty()) {
            LOG.info("no push token for {}#{}; message {} waits for sync", r.userId(), r.deviceId(), r.messageId());
            return Optional.empty();
        }
        long now = clock.millis();
        long threshold = Math.max(now - settings.window().toMillis(),
                devices.lastSeenAt(r.userId(), r.deviceId()).orElse(0L));
        long claimedUntil = now + settings.claimLease().toMillis();
        if (!windows.claim(r.userId(), r.deviceId(), r.chatId(), now, threshold, claimedUntil,
                windowExpiry())) {
            LOG.info("push to {}#{} for {} skipped: already pushed within the window", r.userId(), r.deviceId(),
                    r.chatId());
            return Optional.empty();
        }
        return Optional.of(new Pending(token.get(), new PushSender.Notification(token.get().platform(),
                token.get().token(), r.chatId(), r.messageId()), now, claimedUntil));
    }

    /** The TTL of a window row: the window from now, plus a second. */
    private long windowExpiry() {
        return clock.instant().plus(settings.window()).plus(settings.claimLease()).getEpochSecond() + 1;
    }

    private void send(List<Pending> batch) {
        List<Pending> remaining = batch;
        for (int attempt = 1; !remaining.isEmpty(); attempt++) {
            List<PushSender.Outcome> outcomes = sender.sendEach(remaining.stream().map(Pending::notification)
                    .toList());
            List<Pending> retry = new ArrayList<>();
            for (int i = 0; i < remaining.size(); i++) {
                Pending p = remaining.get(i);
                PushSender.Outcome outcome = outcomes.get(i);
                if (outcome == PushSender.Outcome.TRANSIENT && backoff.allowsAfter(attempt)) {
                    retry.add(p);
                } else {
                    settle(p, outcome);
                }
            }
            remaining = retry;
            if (!remaining.isEmpty() && !pause(attempt)) {
                remaining.forEach(p -> settle(p, PushSender.Outcome.TRANSIENT));
                return;
            }
        }
    }

    private void settle(Pending p, PushSender.Outcome outcome) {
        PushToken t = p.token();
        switch (outcome) {
            case SENT -> {
                // the window counts from the claim, so a device that connected since then is pushed again
                windows.confirm(t.userId(), t.deviceId(), p.notification().chatId(), p.claimedUntil(),
                        p.claimedAt(), windowExpiry());
                metrics.count(Metrics.PUSHES_SENT);
                LOG.info("pushed {} to {}#{} ({})", p.notification().messageId(), t.userId(), t.deviceId(),
                        t.platform());
            }
            case TOKEN_INVALID -> {
                windows.release(t.userId(), t.deviceId(), p.notification().chatId(), p.claimedUntil());
                if (tokens.deleteIfCurrent(t.userId(), t.deviceId(), t.token())) {
                    metrics.count(Metrics.PUSH_TOKENS_REMOVED);
                    LOG.info("push token of {}#{} rejected by FCM: removed", t.userId(), t.deviceId());
                } else {
                    LOG.info("push token of {}#{} rejected by FCM, but the device has a newer one", t.userId(),
                            t.deviceId());
                }
            }
            default -> {
                windows.release(t.userId(), t.deviceId(), p.notification().chatId(), p.claimedUntil());
                metrics.count(Metrics.PUSHES_FAILED);
                LOG.warn("push of {} to {}#{} failed ({}); the message waits in the inbox",
                        p.notification().messageId(), t.userId(), t.deviceId(), outcome);
            }
        }
    }

    /** @return false when interrupted (the remaining retries are abandoned) */
    private boolean pause(int attempt) {
        try {
            return backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

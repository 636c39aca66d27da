package dev.chatline.messaging;

import dev.chatline.connection.DeviceStore;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a 1:1 message: validate → {idempotency row, recipient's devices, sender's devices} read concurrently →
 * rate limit (new messages only) → seq → transaction {message, idempotency row} → inbox rows for every target
 * device → fan-out job → mark enqueued → ack: seven sequential round trips for a new message.
 *
 * <p>Invariants: the ack (✓ sent) is returned only after the message, its idempotency row, one inbox row per target
 * device and the fan-out job are durably stored; the same (sender, clientMsgId) always yields the same
 * messageId/seq. A retry re-runs the idempotent tail (inbox rows, enqueue) only when the idempotency row is not yet
 * marked enqueued (the earlier attempt failed before finishing it), so a late retry is not fanned out twice.
 *
 * <p>A send with {@code envelopes} must name exactly the recipient's devices and the sender's other devices
 * ({@link DeviceEnvelopes}); its targets are then its envelopes, each device getting only its own. A chat's first
 * message (seq 1) also tells the {@link ChatStartListener} (one more write, once per chat).
 */
public final class SendService {
    private static final Logger LOG = LoggerFactory.getLogger(SendService.class);
    private static final int MAX_SEQ_ATTEMPTS = 3;

    private final ChatStore chats;
    private final MessageStore messages;
    private final IdempotencyStore idempotency;
    private final InboxStore inbox;
    private final DeviceStore devices;
    private final RateLimiter rateLimiter;
    private final FanoutQueue queue;
    private final MessagingSettings settings;
    private final MessageIds messageIds;
    private final Clock clock;
    private final Metrics metrics;
    private final Executor lookups;
    private final ChatStartListener chatStarted;
    private final MessageAttachments attachments;

    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock) {
        this(chats, messages, idempotency, inbox, devices, rateLimiter, queue, settings, clock, Metrics.NOOP);
    }

    /** @param metrics counts {@value Metrics#MESSAGES_SENT} and {@value Metrics#DUPLICATE_SENDS} */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock, Metrics metrics) {
        this(chats, messages, idempotency, inbox, devices, rateLimiter, queue, settings, clock, metrics,
                Runnable::run);
    }

    /**
     * @param lookups runs the send's independent reads (idempotency row, both users' devices) concurrently; a
     *                direct executor ({@code Runnable::run}) runs them one after another
     */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock, Metrics metrics, Executor lookups) {
        this(chats, messages, idempotency, inbox, devices, rateLimiter, queue, settings, clock, metrics, lookups,
                ChatStartListener.NONE, MessageAttachments.NONE);
    }

    /**
     * @param chatStarted told about each chat's first message (e.g. to record the two users as contacts)
     * @param attachments checks and records the message's {@code mediaIds} before it is stored
     */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock, Metrics metrics, Executor lookups, ChatStartListener chatStarted,
                       MessageAttachments attachments) {
        this.chatStarted = chatStarted;
        this.attachments = attachments;
        this.chats = chats;
        this.messages = messages;
        this.idempotency = idempotency;
        this.inbox = inbox;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.queue = queue;
        this.settings = settings;
        this.messageIds = new MessageIds(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.lookups = lookups;
    }

    /** @return the ack frame */
    public String send(Identity sender, SendMessageRequest request, String requestId) {
        if (request.to().equals(sender.userId())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'to' must not be yourself");
        }
        if (!ChatIds.isDirectChatUser(sender.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "your user id cannot take part in direct chats");
        }
        String chatId = ChatIds.direct(sender.userId(), request.to());
        // three independent reads, concurrently: the idempotency row and both users' devices
        CompletableFuture<Optional<IdempotencyStore.Entry>> previousRead =
                CompletableFuture.supplyAsync(() -> idempotency.get(sender.userId(), request.clientMsgId()), lookups);
        CompletableFuture<List<String>> recipientRead =
                CompletableFuture.supplyAsync(() -> devices.deviceIds(request.to()), lookups);
        CompletableFuture<List<String>> senderRead =
                CompletableFuture.supplyAsync(() -> devices.deviceIds(sender.userId()), lookups);
        Optional<IdempotencyStore.Entry> previous = join(previousRead);
        List<String> recipientDevices = join(recipientRead);
        List<String> senderDevices = join(senderRead);
        if (previous.isEmpty()) {
            // only new messages count: a retry of an acknowledged send always gets its original ack
            rateLimiter.acquire("sendMessage#" + sender.userId(), settings.sendRateLimit());
        }
        if (recipientDevices.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "user '" + request.to() + "' has no device");
        }
        if (previous.isEmpty()) {
            // before storing: a replay's envelopes and attachments were checked by its first attempt
            if (request.hasEnvelopes()) {
                DeviceEnvelopes.check(sender, request.to(), recipientDevices, senderDevices, request.envelopes());
            }
            attachments.attach(sender, chatId, request.mediaIds());
        }
        Stored stored = previous.map(e -> new Stored(replayed(e), Optional.<StoredMessage>empty()))
                .orElseGet(() -> store(sender, request, chatId));
        IdempotencyStore.Entry entry = stored.entry();
        if (!entry.chatId().equals(chatId)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "clientMsgId was already used in another chat");
        }
        if (!entry.enqueued()) {
            // A first send, or a retry of one that failed before finishing its tail. Once the tail is done, a
            // retry (which may come after SQS's 5-minute deduplication window) must not fan out and push again.
            stored.message().or(() -> messages.get(entry.ref())).ifPresentOrElse(m -> {
                deliver(m, targets(sender, request.to(), recipientDevices, senderDevices));
                idempotency.markEnqueued(sender.userId(), request.clientMsgId());
            }, () -> LOG.warn("message {} of an idempotency row is gone; acking without delivery",
                    entry.messageId()));
        }
        return MessageFrames.ack(requestId, request.clientMsgId(), entry);
    }

    /** The idempotency entry, with the message itself when this call stored it. */
    private record Stored(IdempotencyStore.Entry entry, Optional<StoredMessage> message) {
    }

    private Stored store(Identity sender, SendMessageRequest request, String chatId) {
        for (int attempt = 1; ; attempt++) {
            long seq = chats.allocateSeq(chatId, ChatStore.KIND_DIRECT);
            long now = clock.millis();
            long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
            String messageId = messageIds.next(seq);
            StoredMessage m = new StoredMessage(chatId, seq, messageId, sender.userId(), sender.deviceId(),
                    request.body(), request.contentType(), now, 1, 0, 0, expiresAt,
                    DeviceEnvelopes.byDevice(request.envelopes()));
            IdempotencyStore.Entry entry = new IdempotencyStore.Entry(chatId, seq, messageId, now, expiresAt);
            switch (messages.insert(m, idempotency.putIfAbsent(sender.userId(), request.clientMsgId(), entry))) {
                case INSERTED -> {
                    LOG.info("stored message {} seq {} in {}", messageId, seq, chatId);
                    metrics.count(Metrics.MESSAGES_SENT);
                    return new Stored(entry, Optional.of(m));
                }
                case SEQ_TAKEN -> {
                    // cannot happen while nextSeq only grows; a reset counter must not overwrite messages
                    LOG.warn("seq {} of {} already taken (attempt {})", seq, chatId, attempt);
                    if (attempt >= MAX_SEQ_ATTEMPTS) {
                        throw new IllegalStateException("could not allocate a free seq in " + chatId);
                    }
                }
                default -> {
                    // A concurrent send with the same clientMsgId won: its result is the answer (seq stays a gap).
                    return new Stored(replayed(idempotency.get(sender.userId(), request.clientMsgId()).orElseThrow(
                            () -> new IllegalStateException("send transaction conflicted, retry"))), Optional.empty());
                }
            }
        }
    }

    /** The read's result, or its own exception (not wrapped in a CompletionException). */
    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** An earlier send with the same clientMsgId: its entry is the answer. */
    private IdempotencyStore.Entry replayed(IdempotencyStore.Entry entry) {
        metrics.count(Metrics.DUPLICATE_SENDS);
        return entry;
    }

    /** Recipient devices plus the sender's other devices. */
    private static List<FanoutJob.Target> targets(Identity sender, String to, List<String> recipientDevices,
                                                  List<String> senderDevices) {
        List<FanoutJob.Target> targets = new ArrayList<>();
        recipientDevices.forEach(d -> targets.add(new FanoutJob.Target(to, d)));
        senderDevices.stream().filter(d -> !d.equals(sender.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(sender.userId(), d)));
        return targets;
    }

    /** The idempotent tail: chat start, inbox rows, then the fan-out job (one envelope per target, if any). */
    private void deliver(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        if (m.seq() == 1) {
            chatStarted.chatStarted(m);
        }
        List<FanoutJob.Target> targets = DeviceEnvelopes.targets(m, deviceTargets);
        inbox.addMessage(targets.stream().map(FanoutJob.Target::deviceKey).toList(), m.ref(), m.expiresAt());
        queue.enqueue(new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets));
    }
}

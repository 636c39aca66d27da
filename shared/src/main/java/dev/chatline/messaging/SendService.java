package dev.chatline.messaging;

import dev.chatline.connection.DeviceStore;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message to a direct or group chat: validate → {idempotency row, the chat's audience (members and their
 * devices, {@link ChatAudience.Resolver})} read concurrently → rate limit (new messages only) → seq → transaction
 * {message, idempotency row} → inbox rows for every target device → fan-out job → mark enqueued → ack: seven
 * sequential round trips for a new 1:1 message.
 *
 * <p>Invariants: the ack (✓ sent) is returned only after the message, its idempotency row, one inbox row per target
 * device and the fan-out job are durably stored; the same (sender, clientMsgId) always yields the same
 * messageId/seq. A retry re-runs the idempotent tail (inbox rows, enqueue) only when the idempotency row is not yet
 * marked enqueued (the earlier attempt failed before finishing it), so a late retry is not fanned out twice. The
 * message's recipientCount is the number of recipients of its seq (every member but the sender), fixed here.
 *
 * <p>A 1:1 send with {@code envelopes} must name exactly the recipient's devices and the sender's other devices
 * ({@link DeviceEnvelopes}); its targets are then its envelopes, each device getting only its own
 * ({@link MessageDelivery}). Attachments ({@code mediaIds}) are checked and recorded before the message is stored
 * ({@link MessageAttachments}).
 */
public final class SendService {
    private static final Logger LOG = LoggerFactory.getLogger(SendService.class);
    private static final int MAX_SEQ_ATTEMPTS = 3;

    private final ChatStore chats;
    private final MessageStore messages;
    private final IdempotencyStore idempotency;
    private final MessageDelivery delivery;
    private final ChatAudience.Resolver audiences;
    private final RateLimiter rateLimiter;
    private final MessagingSettings settings;
    private final MessageIds messageIds;
    private final Clock clock;
    private final Metrics metrics;
    private final Executor lookups;
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
     * Direct chats only.
     *
     * @param lookups runs the send's independent reads (idempotency row, both users' devices) concurrently; a
     *                direct executor ({@code Runnable::run}) runs them one after another
     */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock, Metrics metrics, Executor lookups) {
        this(chats, messages, idempotency, new MessageDelivery(inbox, queue), new DirectAudience(devices, lookups),
                rateLimiter, settings, clock, metrics, lookups);
    }

    /**
     * @param audiences resolves direct (and, with a group-aware resolver, group) chats
     * @param lookups runs the idempotency read concurrently with the audience's reads
     */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, MessageDelivery delivery,
                       ChatAudience.Resolver audiences, RateLimiter rateLimiter, MessagingSettings settings,
                       Clock clock, Metrics metrics, Executor lookups) {
        this(chats, messages, idempotency, delivery, audiences, rateLimiter, settings, clock, metrics, lookups,
                MessageAttachments.NONE);
    }

    /** @param attachments checks and records the message's {@code mediaIds} before it is stored */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, MessageDelivery delivery,
                       ChatAudience.Resolver audiences, RateLimiter rateLimiter, MessagingSettings settings,
                       Clock clock, Metrics metrics, Executor lookups, MessageAttachments attachments) {
        this.attachments = attachments;
        this.chats = chats;
        this.messages = messages;
        this.idempotency = idempotency;
        this.delivery = delivery;
        this.audiences = audiences;
        this.rateLimiter = rateLimiter;
        this.settings = settings;
        this.messageIds = new MessageIds(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.lookups = lookups;
    }

    /** @return the ack frame */
    public String send(Identity sender, SendMessageRequest request, String requestId) {
        // independent reads, concurrently: the idempotency row, and the audience (which reads devices concurrently)
        CompletableFuture<Optional<IdempotencyStore.Entry>> previousRead =
                CompletableFuture.supplyAsync(() -> idempotency.get(sender.userId(), request.clientMsgId()), lookups);
        ChatAudience audience;
        try {
            audience = audiences.resolve(sender, request);
        } catch (RuntimeException refused) {
            previousRead.exceptionally(e -> Optional.empty());
            throw refused;
        }
        Optional<IdempotencyStore.Entry> previous = DirectAudience.join(previousRead);
        if (previous.isEmpty()) {
            // only new messages count: a retry of an acknowledged send always gets its original ack
            rateLimiter.acquire("sendMessage#" + sender.userId(), settings.sendRateLimit());
            // before storing: a replay's envelopes and attachments were checked by its first attempt
            if (request.hasEnvelopes()) {
                DeviceEnvelopes.check(sender, request.to(), audience.recipients().get(0).deviceIds(),
                        audience.senderDevices(), request.envelopes());
            }
            attachments.attach(sender, audience.chatId(), request.mediaIds());
        }
        Stored stored = previous.map(e -> new Stored(replayed(e), Optional.<StoredMessage>empty()))
                .orElseGet(() -> store(sender, request, audience));
        IdempotencyStore.Entry entry = stored.entry();
        if (!entry.chatId().equals(audience.chatId())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "clientMsgId was already used in another chat");
        }
        if (!entry.enqueued()) {
            // A first send, or a retry of one that failed before finishing its tail. Once the tail is done, a
            // retry (which may come after SQS's 5-minute deduplication window) must not fan out and push again.
            stored.message().or(() -> messages.get(entry.ref())).ifPresentOrElse(m -> {
                delivery.deliver(m, audience.targets(sender, m.seq()));
                idempotency.markEnqueued(sender.userId(), request.clientMsgId());
            }, () -> LOG.warn("message {} of an idempotency row is gone; acking without delivery",
                    entry.messageId()));
        }
        return MessageFrames.ack(requestId, request.clientMsgId(), entry);
    }

    /** The idempotency entry, with the message itself when this call stored it. */
    private record Stored(IdempotencyStore.Entry entry, Optional<StoredMessage> message) {
    }

    private Stored store(Identity sender, SendMessageRequest request, ChatAudience audience) {
        String chatId = audience.chatId();
        for (int attempt = 1; ; attempt++) {
            long seq = chats.allocateSeq(chatId, audience.kind());
            long now = clock.millis();
            long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
            String messageId = messageIds.next(seq);
            StoredMessage m = new StoredMessage(chatId, seq, messageId, sender.userId(), sender.deviceId(),
                    request.body(), request.contentType(), now, audience.recipientsAt(seq).size(), 0, 0, expiresAt,
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

    /** An earlier send with the same clientMsgId: its entry is the answer. */
    private IdempotencyStore.Entry replayed(IdempotencyStore.Entry entry) {
        metrics.count(Metrics.DUPLICATE_SENDS);
        return entry;
    }
}

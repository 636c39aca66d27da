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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a 1:1 message: validate → rate limit → idempotency check → seq → transaction {message, idempotency row} →
 * inbox rows for every target device → fan-out job → ack.
 *
 * <p>Invariants: the ack (✓ sent) is returned only after the message, its idempotency row, one inbox row per target
 * device and the fan-out job are durably stored; the same (sender, clientMsgId) always yields the same
 * messageId/seq. A retry re-runs the idempotent tail (inbox rows, enqueue) only when the idempotency row is not yet
 * marked enqueued (the earlier attempt failed before finishing it), so a late retry is not fanned out twice.
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

    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock) {
        this(chats, messages, idempotency, inbox, devices, rateLimiter, queue, settings, clock, Metrics.NOOP);
    }

    /** @param metrics counts {@value Metrics#MESSAGES_SENT} and {@value Metrics#DUPLICATE_SENDS} */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, InboxStore inbox,
                       DeviceStore devices, RateLimiter rateLimiter, FanoutQueue queue, MessagingSettings settings,
                       Clock clock, Metrics metrics) {
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
        Optional<IdempotencyStore.Entry> previous = idempotency.get(sender.userId(), request.clientMsgId());
        if (previous.isEmpty()) {
            // only new messages count: a retry of an acknowledged send always gets its original ack
            rateLimiter.acquire("sendMessage#" + sender.userId(), settings.sendRateLimit());
        }
        List<String> recipientDevices = devices.deviceIds(request.to());
        if (recipientDevices.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "user '" + request.to() + "' has no device");
        }
        IdempotencyStore.Entry entry = previous.map(this::replayed).orElseGet(() -> store(sender, request, chatId));
        if (!entry.chatId().equals(chatId)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "clientMsgId was already used in another chat");
        }
        if (!entry.enqueued()) {
            // A first send, or a retry of one that failed before finishing its tail. Once the tail is done, a
            // retry (which may come after SQS's 5-minute deduplication window) must not fan out and push again.
            messages.get(entry.ref()).ifPresentOrElse(m -> {
                deliver(m, targets(sender, request.to(), recipientDevices));
                idempotency.markEnqueued(sender.userId(), request.clientMsgId());
            }, () -> LOG.warn("message {} of an idempotency row is gone; acking without delivery",
                    entry.messageId()));
        }
        return MessageFrames.ack(requestId, request.clientMsgId(), entry);
    }

    private IdempotencyStore.Entry store(Identity sender, SendMessageRequest request, String chatId) {
        for (int attempt = 1; ; attempt++) {
            long seq = chats.allocateSeq(chatId, ChatStore.KIND_DIRECT);
            long now = clock.millis();
            long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
            String messageId = messageIds.next(seq);
            StoredMessage m = new StoredMessage(chatId, seq, messageId, sender.userId(), sender.deviceId(),
                    request.body(), request.contentType(), now, 1, 0, 0, expiresAt);
            IdempotencyStore.Entry entry = new IdempotencyStore.Entry(chatId, seq, messageId, now, expiresAt);
            switch (messages.insert(m, idempotency.putIfAbsent(sender.userId(), request.clientMsgId(), entry))) {
                case INSERTED -> {
                    LOG.info("stored message {} seq {} in {}", messageId, seq, chatId);
                    metrics.count(Metrics.MESSAGES_SENT);
                    return entry;
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
                    return replayed(idempotency.get(sender.userId(), request.clientMsgId()).orElseThrow(
                            () -> new IllegalStateException("send transaction conflicted, retry")));
                }
            }
        }
    }

    /** An earlier send with the same clientMsgId: its entry is the answer. */
    private IdempotencyStore.Entry replayed(IdempotencyStore.Entry entry) {
        metrics.count(Metrics.DUPLICATE_SENDS);
        return entry;
    }

    /** Recipient devices plus the sender's other devices. */
    private List<FanoutJob.Target> targets(Identity sender, String to, List<String> recipientDevices) {
        List<FanoutJob.Target> targets = new ArrayList<>();
        recipientDevices.forEach(d -> targets.add(new FanoutJob.Target(to, d)));
        devices.deviceIds(sender.userId()).stream().filter(d -> !d.equals(sender.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(sender.userId(), d)));
        return targets;
    }

    /** The idempotent tail: inbox rows, then the fan-out job. */
    private void deliver(StoredMessage m, List<FanoutJob.Target> targets) {
        inbox.addMessage(targets.stream().map(FanoutJob.Target::deviceKey).toList(), m.ref(), m.expiresAt());
        queue.enqueue(new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets));
    }
}

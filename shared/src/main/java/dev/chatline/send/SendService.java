package dev.chatline.send;

import dev.chatline.auth.Identity;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.SendMessage;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.send.ChatAudience;
import dev.chatline.send.DirectAudience;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message to a direct or group chat in three sequential round trips for a new 1:1 message:
 * <ol>
 *   <li>concurrently: the seq (atomic ADD on the chat), the sender's rate limit and the audience from the warm
 *   instance's device cache ({@link DeviceDirectory}) (a group reads its member rows beside the rate limit, then,
 *   once admitted, its members' devices, then allocates its seq);</li>
 *   <li>one transaction: message (condition: seq free) + idempotency row (condition: new), and beside it (same
 *   round) the inbox rows and the receipt header in one batch write, and the live connections of the target
 *   users (looked up only once the rate limit let the send through);</li>
 *   <li>the live posts ({@link MessageDelivery}; a large group's single fan-out job instead), then the ack.</li>
 * </ol>
 *
 * <p>Invariants: the ack (✓ sent) is returned only after the message, its idempotency row and one inbox row per
 * target device are durable and every target device connected at that moment was posted to (or handed to the
 * fan-out queue, the retry path); the same (sender, clientMsgId) always yields the same messageId/seq. There is no
 * idempotency pre-read: a retry is found by the transaction's condition (its allocated seq stays a gap), then acked
 * with the original. A retry heals an original that died after its transaction: it writes the missing tail (inbox
 * rows, header) whatever its age, and within {@link #REDELIVERY_WINDOW} it posts the message again while no
 * recipient has acknowledged it (clients de-duplicate by messageId).
 *
 * <p>The rate limit is checked before anything is written or queued, retries included: a refused send leaves
 * nothing behind but, in a direct chat, the seq allocated beside the limit (a gap, as the protocol allows; not even
 * that once this instance has seen the window refuse, {@link RateLimiter#refuseIfKnownFull}).
 *
 * <p>A 1:1 send with {@code envelopes} must name exactly the recipient's devices and the sender's other devices
 * ({@link DeviceEnvelopes}, checked against freshly read device lists before refusing); attachments are checked
 * and recorded before the message is stored ({@link MessageAttachments}).
 *
 * <p>Cells: a send into a chat whose home is another cell is forwarded there before anything else
 * ({@link SendForwarding}: the home runs this same service for the forwarded sender and answers its ack or its
 * refusal); targets served by other cells are handed to them by {@link MessageDelivery}.
 */
public final class SendService {
    private static final Logger LOG = LoggerFactory.getLogger(SendService.class);
    private static final int MAX_SEQ_ATTEMPTS = 3;
    /** A retry of a send this recent is delivered again. */
    public static final Duration REDELIVERY_WINDOW = Duration.ofMinutes(2);

    private final ChatStore chats;
    private final MessageStore messages;
    private final IdempotencyStore idempotency;
    private final MessageDelivery delivery;
    private final ChatAudience.Resolver audiences;
    private final DeviceDirectory devices;
    private final RateLimiter rateLimiter;
    private final MessagingSettings settings;
    private final MessageIds messageIds;
    private final Clock clock;
    private final Metrics metrics;
    private final Executor lookups;
    private final MessageAttachments attachments;
    private final StaleDevices staleDevices;
    private final SendForwarding forwarding;

    /**
     * @param audiences resolves direct (and, with a group-aware resolver, group) chats
     * @param devices the device lists the audiences read (re-read fresh before a {@code DEVICE_MISMATCH})
     * @param lookups runs the first round's calls concurrently
     * @param attachments checks and records the message's {@code mediaIds} before it is stored
     * @param staleDevices checks the envelopes' registration ids before the message is stored
     * @param forwarding forwards sends into chats homed in another cell
     */
    public SendService(ChatStore chats, MessageStore messages, IdempotencyStore idempotency, MessageDelivery delivery,
                       ChatAudience.Resolver audiences, DeviceDirectory devices, RateLimiter rateLimiter,
                       MessagingSettings settings, Clock clock, Metrics metrics, Executor lookups,
                       MessageAttachments attachments, StaleDevices staleDevices, SendForwarding forwarding) {
        this.chats = chats;
        this.messages = messages;
        this.idempotency = idempotency;
        this.delivery = delivery;
        this.audiences = audiences;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.settings = settings;
        this.messageIds = new MessageIds(clock);
        this.clock = clock;
        this.metrics = metrics;
        this.lookups = lookups;
        this.attachments = attachments;
        this.staleDevices = staleDevices;
        this.forwarding = forwarding;
    }

    /** A send whose connection is not known (its receipt events are looked up like any other device's). */
    public Acks.SendMessageAck send(Identity sender, SendMessage message) {
        return send(sender, null, message);
    }

    /**
     * @param connectionId the connection the frame came from: the sender's receipt events are posted there first
     * @param message a valid {@code sendMessage} frame's record ({@link SendMessageRequest#from})
     * @return the ack
     */
    public Acks.SendMessageAck send(Identity sender, String connectionId, SendMessage message) {
        Optional<Acks.SendMessageAck> forwarded = forwarding.forward(sender, message);
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        SendMessageRequest request = SendMessageRequest.from(message);
        String limitKey = "sendMessage#" + sender.userId();
        // a window this instance already saw full refuses before anything starts (not even a direct chat's seq)
        rateLimiter.refuseIfKnownFull(limitKey, settings.sendRateLimit());
        CompletableFuture<Void> limit = CompletableFuture.runAsync(
                () -> rateLimiter.acquire(limitKey, settings.sendRateLimit()), lookups);
        CompletableFuture<Long> seq = request.isGroup() ? null : CompletableFuture.supplyAsync(
                () -> chats.allocateSeq(ChatIds.direct(sender.userId(), request.to()), ChatStore.KIND_DIRECT),
                lookups);
        ChatAudience audience;
        try {
            ChatAudience resolved = audiences.resolve(sender, request, () -> DirectAudience.join(limit));
            // admitted from here on: a refused send wrote nothing (but a direct chat's seq, a gap) and queued nothing
            DirectAudience.join(limit);
            audience = checked(sender, request, resolved);
        } catch (RuntimeException refused) {
            limit.exceptionally(e -> null);
            if (seq != null) {
                seq.exceptionally(e -> 0L);
            }
            throw refused;
        }
        long allocated = seq != null ? DirectAudience.join(seq) : chats.allocateSeq(audience.chatId(),
                audience.kind());
        // only now, so a refused send costs no lookups; they run beside the writes (needed by the posts only)
        Map<String, CompletableFuture<List<ConnectionRecord>>> live =
                delivery.lookup(audience.targets(sender, Long.MAX_VALUE));
        attachments.attach(sender, audience.chatId(), request.mediaIds());
        return store(sender, connectionId, request, audience, allocated, live)
                .map(m -> ack(request.clientMsgId(), entryOf(m)))
                .orElseGet(() -> replay(sender, connectionId, request, audience));
    }

    /**
     * The audience, with the envelopes checked against it (re-reading cached device lists before refusing) and
     * against the devices' registration ids ({@link StaleDevices}); a retry of a stored message passes (replayed).
     */
    private ChatAudience checked(Identity sender, SendMessageRequest request, ChatAudience audience) {
        if (!request.hasEnvelopes()) {
            return audience;
        }
        ChatAudience covered = covering(sender, request, audience);
        try {
            staleDevices.check(request.envelopes());
        } catch (ProtocolException stale) {
            if (idempotency.get(sender.userId(), request.clientMsgId()).isEmpty()) {
                throw stale;
            }
        }
        return covered;
    }

    private ChatAudience covering(Identity sender, SendMessageRequest request, ChatAudience audience) {
        try {
            DeviceEnvelopes.check(sender, request.to(), audience.recipients().get(0).deviceIds(),
                    audience.senderDevices(), request.envelopes());
            return audience;
        } catch (ProtocolException mismatch) {
            devices.fresh(request.to());
            devices.fresh(sender.userId());
            ChatAudience fresh = audiences.resolve(sender, request, () -> { });
            try {
                DeviceEnvelopes.check(sender, request.to(), fresh.recipients().get(0).deviceIds(),
                        fresh.senderDevices(), request.envelopes());
                return fresh;
            } catch (ProtocolException stillMismatched) {
                if (idempotency.get(sender.userId(), request.clientMsgId()).isPresent()) {
                    return fresh; // a retry of a message stored before the devices changed: answered by replay
                }
                throw stillMismatched;
            }
        }
    }

    /** Stores and delivers a new message; empty if this clientMsgId was already used (nothing was written). */
    private Optional<StoredMessage> store(Identity sender, String connectionId, SendMessageRequest request,
                                          ChatAudience audience, long firstSeq,
                                          Map<String, CompletableFuture<List<ConnectionRecord>>> live) {
        String chatId = audience.chatId();
        long seq = firstSeq;
        for (int attempt = 1; ; attempt++) {
            long now = clock.millis();
            long expiresAt = clock.instant().plus(settings.retention()).getEpochSecond();
            String messageId = messageIds.next(seq);
            StoredMessage m = new StoredMessage(chatId, seq, messageId, sender.userId(), sender.deviceId(),
                    request.body(), request.contentType(), now, audience.recipientsAt(seq).size(), expiresAt,
                    DeviceEnvelopes.byDevice(request.envelopes()));
            IdempotencyStore.Entry entry = entryOf(m);
            List<FanoutJob.Target> targets = audience.targets(sender, seq);
            CompletableFuture<Void> tail = CompletableFuture.runAsync(() -> delivery.writeTail(m, targets,
                    connectionId), lookups);
            MessageStore.InsertOutcome outcome = messages.insert(m,
                    List.of(idempotency.putIfAbsent(sender.userId(), request.clientMsgId(), entry)));
            DirectAudience.join(tail);
            switch (outcome) {
                case INSERTED -> {
                    LOG.info("stored message {} seq {} in {}", messageId, seq, chatId);
                    metrics.count(Metrics.MESSAGES_SENT);
                    delivery.deliver(m, targets, live, true);
                    return Optional.of(m);
                }
                case SEQ_TAKEN -> {
                    // cannot happen while nextSeq only grows; a reset counter must not overwrite messages
                    LOG.warn("seq {} of {} already taken (attempt {})", seq, chatId, attempt);
                    if (attempt >= MAX_SEQ_ATTEMPTS) {
                        throw new IllegalStateException("could not allocate a free seq in " + chatId);
                    }
                    seq = chats.allocateSeq(chatId, audience.kind());
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
    }

    /** A send whose clientMsgId was used before: the original's ack, delivered again if it is recent. */
    private Acks.SendMessageAck replay(Identity sender, String connectionId, SendMessageRequest request,
                                       ChatAudience audience) {
        IdempotencyStore.Entry entry = idempotency.get(sender.userId(), request.clientMsgId())
                .orElseThrow(() -> new IllegalStateException("send transaction conflicted, retry"));
        metrics.count(Metrics.DUPLICATE_SENDS);
        if (!entry.chatId().equals(audience.chatId())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "clientMsgId was already used in another chat");
        }
        messages.get(entry.ref()).ifPresentOrElse(m -> {
            List<FanoutJob.Target> targets = audience.targets(sender, m.seq());
            int acknowledged = delivery.ensureTail(m, targets, connectionId);
            // posted again only while no recipient acknowledged it: once one did, the original's posts ran, so
            // replays cannot make anyone's devices receive the same message over and over
            if (acknowledged == 0 && clock.millis() - entry.serverTs() < REDELIVERY_WINDOW.toMillis()) {
                delivery.deliver(m, targets, Map.of(), true);
            }
        }, () -> LOG.warn("message {} of an idempotency row is gone; acking without delivery", entry.messageId()));
        return ack(request.clientMsgId(), entry);
    }

    private static IdempotencyStore.Entry entryOf(StoredMessage m) {
        return new IdempotencyStore.Entry(m.chatId(), m.seq(), m.messageId(), m.serverTs(), m.expiresAt());
    }

    /** The {@code ack} of a send. */
    private static Acks.SendMessageAck ack(String clientMsgId, IdempotencyStore.Entry e) {
        return Acks.SendMessageAck.of(clientMsgId, e.messageId(), e.chatId(), e.seq(), e.serverTs());
    }
}

package dev.chatline.receipts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceStore;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.Digests;
import dev.chatline.messaging.FanoutJob;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.messaging.InboxStore;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@code receipt} of a chat member: every message id is validated first (one strongly consistent batch read; nothing is
 * applied if any id is unknown, forged, expired or the caller's own), then each message goes through the
 * {@link ReceiptAggregator} (O(1) operations per message), the statuses that every recipient has now reached are
 * enqueued as one {@code receipt} event per (sender, status) to the sender's devices, and the caller device's inbox
 * rows for these messages are deleted.
 */
public final class ReceiptService {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptService.class);

    private final MessageStore messages;
    private final ReceiptAggregator aggregator;
    private final InboxStore inbox;
    private final DeviceStore devices;
    private final FanoutQueue queue;
    private final Clock clock;
    private final Metrics metrics;
    private final ChatMembership membership;

    public ReceiptService(MessageStore messages, ReceiptAggregator aggregator, InboxStore inbox, DeviceStore devices,
                          FanoutQueue queue, Clock clock) {
        this(messages, aggregator, inbox, devices, queue, clock, Metrics.NOOP);
    }

    /** @param metrics counts {@value Metrics#RECEIPTS_APPLIED} and {@value Metrics#RECEIPT_EVENTS_EMITTED} */
    public ReceiptService(MessageStore messages, ReceiptAggregator aggregator, InboxStore inbox, DeviceStore devices,
                          FanoutQueue queue, Clock clock, Metrics metrics) {
        this(messages, aggregator, inbox, devices, queue, clock, metrics, ChatMembership.DIRECT);
    }

    /**
     * @param membership who may acknowledge in a chat: a current member, and only messages sent after it joined
     *                   (the recipients counted in the message's recipientCount)
     */
    public ReceiptService(MessageStore messages, ReceiptAggregator aggregator, InboxStore inbox, DeviceStore devices,
                          FanoutQueue queue, Clock clock, Metrics metrics, ChatMembership membership) {
        this.membership = membership;
        this.messages = messages;
        this.aggregator = aggregator;
        this.inbox = inbox;
        this.devices = devices;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void apply(Identity caller, ReceiptRequest request) {
        long since = membership.memberSince(request.chatId(), caller.userId()).orElseThrow(
                () -> new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat"));
        List<StoredMessage> resolved = resolve(caller, request, since);
        long now = clock.millis();
        // sender → status → message ids whose status every recipient has now reached
        Map<String, Map<MessageStatus, List<String>>> completed = new LinkedHashMap<>();
        for (StoredMessage m : resolved) {
            for (MessageStatus s : aggregator.apply(m, caller.userId(), request.status(), now)) {
                completed.computeIfAbsent(m.senderUserId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(s, k -> new ArrayList<>()).add(m.messageId());
            }
        }
        completed.forEach((sender, byStatus) -> byStatus.forEach((status, ids) -> {
            queue.enqueue(event(request.chatId(), sender, status, ids, caller.userId(), now));
            metrics.count(Metrics.RECEIPT_EVENTS_EMITTED);
        }));
        inbox.delete(caller.deviceKey(), resolved.stream().map(m -> InboxStore.messageEntryKey(m.ref())).toList());
        metrics.count(Metrics.RECEIPTS_APPLIED, resolved.size());
        LOG.info("receipt {} for {} messages in {}", request.status().wire(), resolved.size(), request.chatId());
    }

    /** The messages, all unexpired, sent by others after {@code since} (the caller was a recipient of each). */
    private List<StoredMessage> resolve(Identity caller, ReceiptRequest request, long since) {
        List<MessageRef> refs = new ArrayList<>();
        for (String id : request.messageIds()) {
            OptionalLong seq = MessageIds.seqOf(id);
            if (seq.isEmpty()) {
                throw unknown(id);
            }
            refs.add(new MessageRef(request.chatId(), seq.getAsLong()));
        }
        Map<MessageRef, StoredMessage> found = messages.getAll(refs);
        List<StoredMessage> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            StoredMessage m = found.get(refs.get(i));
            String id = request.messageIds().get(i);
            if (m == null || !m.messageId().equals(id) || m.seq() <= since) {
                throw unknown(id);
            }
            if (m.senderUserId().equals(caller.userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot acknowledge your own message " + id);
            }
            out.add(m);
        }
        return out;
    }

    private FanoutJob event(String chatId, String sender, MessageStatus status, List<String> messageIds, String by,
                            long now) {
        ObjectNode frame = Json.object();
        frame.put("type", "receipt");
        MessageFrames.putChat(frame, chatId);
        messageIds.forEach(frame.putArray("messageIds")::add);
        frame.put("status", status.wire());
        frame.put("by", by);
        frame.put("ts", now);
        // Deterministic: each (message, status) completes exactly once, so this id names exactly one event.
        String eventId = Digests.sha256Hex("receipt|" + chatId + "|" + status.wire() + "|"
                + String.join(",", messageIds.stream().sorted().toList()));
        List<FanoutJob.Target> targets = devices.deviceIds(sender).stream()
                .map(d -> new FanoutJob.Target(sender, d)).toList();
        return new FanoutJob(FanoutJob.RECEIPT, chatId, eventId, 0, by, frame, targets);
    }

    private static ProtocolException unknown(String id) {
        return new ProtocolException(ErrorCode.UNKNOWN_MESSAGE, "unknown message " + id);
    }
}

package dev.chatline.relay;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.Digests;
import dev.chatline.messaging.Envelope;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.presence.PresenceChange;
import dev.chatline.presence.UserPresence;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.Json;
import dev.chatline.send.DeviceEnvelopes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One message on a cell's relay queue (docs/architecture.md, "Cells"), sent by another cell:
 * <ul>
 *   <li>{@value #MESSAGE}: a message stored in its chat's home cell, for the devices of this cell's users
 *   ({@code targets}): the receiving cell stores a replica of the message ({@code message}, with the envelopes of
 *   those devices only), the devices' inbox rows, and delivers it (live posts, pushes for offline devices). The body
 *   or each envelope travels once, so a job is about as large as the message's row;</li>
 *   <li>{@value #EVENT}: an event for devices of this cell's users (a receipt event for a sender homed here),
 *   delivered like a fan-out job ({@code delivery});</li>
 *   <li>{@value #RECEIPT}: a reader's receipt for messages of a chat homed in this cell ({@code receipt}), applied
 *   here as if the reader had sent it here;</li>
 *   <li>{@value #PRESENCE}: a presence change of a user of the sending cell for subscribers homed here
 *   ({@code presence}), posted to their live connections (best effort, like a local presence change).</li>
 * </ul>
 * Every kind is idempotent at the receiver: keys by chat/seq/device, and receipt statuses only move forward.
 *
 * @param fromCell the sending cell
 */
public record RelayJob(String kind, String fromCell, Replica message, List<FanoutJob.Target> targets,
                       FanoutJob delivery, ForwardedReceipt receipt, PresenceRelay presence) {
    public static final String MESSAGE = "message";
    public static final String EVENT = "event";
    public static final String RECEIPT = "receipt";
    public static final String PRESENCE = "presence";

    /** A presence change and the subscribers of the receiving cell to tell. */
    public record PresenceRelay(UserPresence view, long at, List<String> subscribers) {
        PresenceChange change() {
            return new PresenceChange(view, at);
        }
    }

    /** A message as its home stored it; envelopes by device key ({@code userId#deviceId}). */
    public record Replica(String chatId, long seq, String messageId, String senderUserId, String senderDeviceId,
                          String body, String contentType, long serverTs, int recipientCount, long expiresAt,
                          Map<String, Envelope.Payload> envelopes) {
        /** The message with the envelopes of {@code devices} only. */
        static Replica of(StoredMessage m, Set<DeviceRef> devices) {
            Map<String, Envelope.Payload> byKey = new LinkedHashMap<>();
            m.envelopes().forEach((device, payload) -> {
                if (devices.contains(device)) {
                    byKey.put(device.key(), payload);
                }
            });
            return new Replica(m.chatId(), m.seq(), m.messageId(), m.senderUserId(), m.senderDeviceId(), m.body(),
                    m.contentType(), m.serverTs(), m.recipientCount(), m.expiresAt(), byKey);
        }

        StoredMessage toMessage() {
            Map<DeviceRef, Envelope.Payload> byDevice = new LinkedHashMap<>();
            if (envelopes != null) {
                envelopes.forEach((key, payload) -> byDevice.put(DeviceRef.parse(key), payload));
            }
            return new StoredMessage(chatId, seq, messageId, senderUserId, senderDeviceId, body, contentType,
                    serverTs, recipientCount, expiresAt, byDevice);
        }
    }

    /** A reader's receipt, with the reader's identity as its own cell authenticated it. */
    public record ForwardedReceipt(String userId, String deviceId, Receipt request) {
        Identity reader() {
            return new Identity(userId, deviceId);
        }
    }

    /** @param targets the devices of the receiving cell's users (their envelopes, if any, travel in the replica) */
    static RelayJob message(String fromCell, StoredMessage m, List<FanoutJob.Target> targets) {
        Set<DeviceRef> devices = targets.stream().map(FanoutJob.Target::device).collect(Collectors.toSet());
        List<FanoutJob.Target> plain = targets.stream().map(t -> new FanoutJob.Target(t.userId(), t.deviceId()))
                .distinct().toList();
        return new RelayJob(MESSAGE, fromCell, Replica.of(m, devices), plain, null, null, null);
    }

    static RelayJob event(String fromCell, FanoutJob delivery) {
        return new RelayJob(EVENT, fromCell, null, null, delivery, null, null);
    }

    static RelayJob receipt(String fromCell, Identity reader, Receipt request) {
        return new RelayJob(RECEIPT, fromCell, null, null, null,
                new ForwardedReceipt(reader.userId(), reader.deviceId(), request), null);
    }

    static RelayJob presence(String fromCell, PresenceChange change, List<String> subscribers) {
        return new RelayJob(PRESENCE, fromCell, null, null, null, null,
                new PresenceRelay(change.view(), change.at(), List.copyOf(subscribers)));
    }

    /** This message or event job for only {@code subset} of its targets, as sent by {@code sender}. */
    RelayJob withTargets(String sender, List<FanoutJob.Target> subset) {
        if (MESSAGE.equals(kind)) {
            return new RelayJob(MESSAGE, sender, message, subset, null, null, null);
        }
        FanoutJob d = delivery;
        return new RelayJob(EVENT, sender, null, null, new FanoutJob(d.kind(), d.chatId(), d.eventId(), d.seq(),
                d.senderUserId(), d.frame(), subset, d.attempt()), null, null);
    }

    /** The FIFO message group: the chat, so one chat's relay jobs stay in order. */
    @JsonIgnore
    public String chatId() {
        return switch (kind) {
            case MESSAGE -> message.chatId();
            case RECEIPT -> receipt.request().chatId();
            case PRESENCE -> presence.change().groupId();
            default -> delivery.chatId();
        };
    }

    /** The SQS deduplication key: the same job sent twice within five minutes is received once. */
    @JsonIgnore
    public String deduplicationKey() {
        return switch (kind) {
            case RECEIPT -> Digests.sha256Hex("relay-receipt|" + receipt.userId() + "|" + receipt.deviceId() + "|"
                    + receipt.request().chatId() + "|" + receipt.request().status() + "|"
                    + String.join(",", receipt.request().messageIds()));
            case MESSAGE -> message.messageId() + "#" + fromCell;
            case PRESENCE -> presence.change().deduplicationKey() + "#" + fromCell;
            default -> delivery.attemptId() + "#" + fromCell;
        };
    }

    public String toJson() {
        return Json.write(this);
    }

    public static RelayJob fromJson(String json) {
        RelayJob job = Json.read(json, RelayJob.class);
        boolean complete = switch (job.kind() == null ? "" : job.kind()) {
            case MESSAGE -> job.message() != null && job.targets() != null;
            case EVENT -> job.delivery() != null;
            case RECEIPT -> job.receipt() != null && job.receipt().request() != null;
            case PRESENCE -> job.presence() != null && job.presence().view() != null
                    && job.presence().subscribers() != null;
            default -> false;
        };
        if (!complete) {
            throw new IllegalArgumentException("incomplete relay job");
        }
        return job;
    }

    /** A message job's delivery: the message frame to its targets, each with its own envelope. */
    FanoutJob messageDelivery(StoredMessage m) {
        return new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), DeviceEnvelopes.targets(m, targets));
    }
}

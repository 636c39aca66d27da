package dev.chatline.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.List;

/**
 * A fan-out job on the FIFO queue: post {@code frame} to every live connection of each target device.
 *
 * @param kind {@value #MESSAGE} (offline devices keep their inbox row and get a push request), or {@value #RECEIPT}
 *             or {@value #EVENT} (offline devices get the frame stored as an inbox event)
 * @param eventId the messageId, or the receipt event's deterministic id (also the SQS deduplication id)
 * @param seq the message's seq (message jobs; 0 for receipts)
 * @param senderUserId the user whose action produced the job (copies to that user's own devices need no receipt)
 * @param frame the frame to post, as a JSON object
 */
public record FanoutJob(String kind, String chatId, String eventId, long seq, String senderUserId, ObjectNode frame,
                        List<Target> targets) {
    public static final String MESSAGE = "message";
    public static final String RECEIPT = "receipt";
    /** Any other event for the devices (e.g. {@code identityChanged}): delivered like a receipt event. */
    public static final String EVENT = "event";

    /**
     * A device to deliver to.
     *
     * @param envelope this device's own payload of an end-to-end encrypted message (added to the frame for this
     *                 device only), or null
     */
    public record Target(String userId, String deviceId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Envelope.Payload envelope) {
        public Target(String userId, String deviceId) {
            this(userId, deviceId, null);
        }

        @JsonIgnore
        public String deviceKey() {
            return userId + "#" + deviceId;
        }
    }

    public FanoutJob {
        targets = List.copyOf(targets);
    }

    public boolean isMessage() {
        return MESSAGE.equals(kind);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static FanoutJob fromJson(String json) {
        FanoutJob job = Json.read(json, FanoutJob.class);
        if (job.kind() == null || job.chatId() == null || job.eventId() == null || job.frame() == null) {
            throw new IllegalArgumentException("incomplete fan-out job");
        }
        return job;
    }
}

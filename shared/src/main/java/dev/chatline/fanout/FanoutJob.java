package dev.chatline.fanout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.messaging.Envelope;
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
 * @param attempt 0 for a first delivery; n for the n-th retry of the targets a delivery could not post to
 */
public record FanoutJob(String kind, String chatId, String eventId, long seq, String senderUserId, ObjectNode frame,
                        List<Target> targets, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int attempt) {
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
        public DeviceRef device() {
            return new DeviceRef(userId, deviceId);
        }
    }

    public FanoutJob {
        targets = List.copyOf(targets);
    }

    /** A first delivery. */
    public FanoutJob(String kind, String chatId, String eventId, long seq, String senderUserId, ObjectNode frame,
                     List<Target> targets) {
        this(kind, chatId, eventId, seq, senderUserId, frame, targets, 0);
    }

    /** The next attempt of this job, for only {@code remaining} of its targets. */
    public FanoutJob retry(List<Target> remaining) {
        return new FanoutJob(kind, chatId, eventId, seq, senderUserId, frame, remaining, attempt + 1);
    }

    /** The SQS deduplication key of this attempt. */
    @JsonIgnore
    public String attemptId() {
        return attempt == 0 ? eventId : eventId + "#r" + attempt;
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

package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.chatline.protocol.ServerFrame.DeviceRef;
import java.util.List;

/** The frames of messages, receipts, sync and history. */
public final class ChatFrames {
    private ChatFrames() {
    }

    /** A device's own ciphertext of a message with envelopes. */
    public record OwnEnvelope(String type, String body) {
    }

    /**
     * A stored message as a device sees it: {@code body} or (a message with envelopes) the device's own
     * {@code envelope}; {@code groupId} for a group chat; {@code status} only in a history reply, for the caller's
     * own messages.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"messageId", "chatId", "groupId", "seq", "from", "body", "contentType", "serverTs",
            "envelope", "status"})
    public record StoredMessage(String messageId, String chatId, String groupId, long seq, DeviceRef from,
                                String body, String contentType, long serverTs, OwnEnvelope envelope,
                                String status) {
        /** With {@code groupId} derived from {@code chatId}. */
        public static StoredMessage of(String messageId, String chatId, long seq, DeviceRef from, String body,
                                       String contentType, long serverTs, OwnEnvelope envelope, String status) {
            return new StoredMessage(messageId, chatId, WireIds.groupIdOf(chatId).orElse(null), seq, from, body,
                    contentType, serverTs, envelope, status);
        }
    }

    /** {@code message}: a stored message, pushed or on sync. */
    @JsonPropertyOrder({"type", "messageId", "chatId", "groupId", "seq", "from", "body", "contentType", "serverTs",
            "envelope"})
    public record Message(String messageId, String chatId, String groupId, long seq, DeviceRef from, String body,
                          String contentType, long serverTs, OwnEnvelope envelope) implements ServerFrame {
        public static final String TYPE = "message";

        public static Message of(StoredMessage m) {
            return new Message(m.messageId(), m.chatId(), m.groupId(), m.seq(), m.from(), m.body(), m.contentType(),
                    m.serverTs(), m.envelope());
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code receipt}: recipients reached a status ({@code by}: a user, or {@code groupId}'s member). */
    public record ReceiptEvent(String chatId, String groupId, List<String> messageIds, String status, String by,
                               long ts) implements ServerFrame {
        public static final String TYPE = "receipt";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code retryRequest}: a device could not decrypt these messages; encrypt them again for {@code by}. */
    public record RetryRequest(String chatId, String groupId, List<String> messageIds, DeviceRef by, long ts)
            implements ServerFrame {
        public static final String TYPE = "retryRequest";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code syncComplete}: {@code cursor} (null when nothing was pending, and then written as null). */
    public record SyncComplete(@JsonInclude(JsonInclude.Include.ALWAYS) String cursor, boolean more)
            implements ServerFrame {
        public static final String TYPE = "syncComplete";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code history}: a page of a chat, newest first; {@code nextBeforeSeq} when there is more. */
    public record History(String chatId, List<StoredMessage> messages, Long nextBeforeSeq) implements ServerFrame {
        public static final String TYPE = "history";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code receiptInfo}: each recipient's status of one message. */
    public record ReceiptInfo(String chatId, String groupId, String messageId, int recipientCount,
                              int deliveredCount, int readCount, List<Recipient> recipients) implements ServerFrame {
        public static final String TYPE = "receiptInfo";

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Recipient(String userId, String status, Long deliveredAt, Long readAt) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }
}

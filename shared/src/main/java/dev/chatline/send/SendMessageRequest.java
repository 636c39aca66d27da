package dev.chatline.send;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.Envelope;
import dev.chatline.protocol.PublicKeys;
import dev.chatline.protocol.SendMessage;
import java.util.List;

/**
 * A send as the send service works with it, built by it from a {@code sendMessage} ({@link SendMessage}, whose
 * rules these are) with its envelopes as stored. A message to a user ({@code to}, a direct chat) or to a group ({@code groupId});
 * exactly one of the two is set. It carries either one {@code body} for every device, or (direct chats only)
 * {@code envelopes}, one ciphertext per device (end-to-end encryption with per-device sessions; groups use sender
 * keys, so one body).
 *
 * <p>The body limit ({@value #MAX_BODY_BYTES} bytes) counts the body's UTF-8 bytes as it travels inside JSON
 * frames, i.e. after JSON escaping. For base64 ciphertext or ordinary text this is just its UTF-8 length; it keeps
 * a body of control characters (escaped to six bytes each) from producing frames above API Gateway's 128 KB limit.
 * Each envelope body has the same limit, and all envelope bodies together at most {@value #MAX_ENVELOPES_BYTES}
 * bytes (at most {@value #MAX_ENVELOPES} envelopes), which keeps the message row far below DynamoDB's 400 KB and the
 * fan-out job below SQS's 256 KB.
 *
 * @param body the single payload, or null when {@code envelopes} is not empty
 * @param envelopes per-device payloads (empty for the body form), device keys unique
 */
public record SendMessageRequest(String clientMsgId, String to, String groupId, String body, String contentType,
                                 List<Envelope> envelopes, List<String> mediaIds) {
    public static final int MAX_BODY_BYTES = SendMessage.MAX_BODY_BYTES;
    public static final int MAX_CONTENT_TYPE = SendMessage.MAX_CONTENT_TYPE;
    public static final int MAX_ENVELOPES = SendMessage.MAX_ENVELOPES;
    public static final int MAX_ENVELOPES_BYTES = SendMessage.MAX_ENVELOPES_BYTES;
    /** libsignal's largest registration id (as {@code keysUpload} takes it). */
    public static final int MAX_REGISTRATION_ID = PublicKeys.MAX_REGISTRATION_ID;

    /**
     * Content types with this prefix (any case) are the server's own ({@code chatline/system}, the group change
     * messages): a client may not send one, so no member can forge a membership change.
     */
    public static final String RESERVED_CONTENT_TYPE_PREFIX = SendMessage.RESERVED_CONTENT_TYPE_PREFIX;

    /** At most this many {@code mediaIds} per message. */
    public static final int MAX_MEDIA_IDS = SendMessage.MAX_MEDIA_IDS;

    public SendMessageRequest {
        envelopes = List.copyOf(envelopes);
        mediaIds = List.copyOf(mediaIds);
    }

    public boolean isGroup() {
        return groupId != null;
    }

    /** The chat this message goes to. */
    public String chatId(String senderUserId) {
        return isGroup() ? ChatIds.group(groupId) : ChatIds.direct(senderUserId, to);
    }

    public boolean hasEnvelopes() {
        return !envelopes.isEmpty();
    }

    /** The send of a decoded, valid {@code sendMessage}. */
    public static SendMessageRequest from(SendMessage m) {
        List<Envelope> envelopes = m.envelopes().stream().map(e -> new Envelope(e.userId(), e.deviceId(),
                new Envelope.Payload(e.type(), e.body()), e.registrationId())).toList();
        return new SendMessageRequest(m.clientMsgId(), m.to(), m.groupId(), m.body(), m.contentType(), envelopes,
                m.mediaIds());
    }
}

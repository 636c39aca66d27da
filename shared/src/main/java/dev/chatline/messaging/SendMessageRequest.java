package dev.chatline.messaging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code sendMessage} frame: to a user ({@code to}, a direct chat) or to a group ({@code groupId});
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
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_CONTENT_TYPE = 64;
    public static final int MAX_ENVELOPES = 100;
    public static final int MAX_ENVELOPES_BYTES = 120 * 1024;
    /** libsignal's largest registration id (as {@code keysUpload} takes it). */
    public static final int MAX_REGISTRATION_ID = 16380;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    /**
     * Content types with this prefix (any case) are the server's own ({@code chatline/system}, the group change
     * messages): a client may not send one, so no member can forge a membership change.
     */
    public static final String RESERVED_CONTENT_TYPE_PREFIX = "chatline/";

    /** At most this many {@code mediaIds} per message. */
    public static final int MAX_MEDIA_IDS = 10;

    public SendMessageRequest {
        envelopes = List.copyOf(envelopes);
        mediaIds = List.copyOf(mediaIds);
    }

    /** A message to a user (direct chat), the body form, without attachments. */
    public SendMessageRequest(String clientMsgId, String to, String body, String contentType) {
        this(clientMsgId, to, null, body, contentType, List.of(), List.of());
    }

    /** A message to a group, without attachments. */
    public static SendMessageRequest toGroup(String clientMsgId, String groupId, String body, String contentType) {
        return new SendMessageRequest(clientMsgId, null, groupId, body, contentType, List.of(), List.of());
    }

    /** A 1:1 message with one envelope per device. */
    public static SendMessageRequest withEnvelopes(String clientMsgId, String to, String contentType,
                                                   List<Envelope> envelopes) {
        return new SendMessageRequest(clientMsgId, to, null, null, contentType, envelopes, List.of());
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

    public static SendMessageRequest parse(ClientFrame frame) {
        String clientMsgId = frame.string("clientMsgId");
        if (!UUID.matcher(clientMsgId).matches()) {
            throw ClientFrame.invalid("clientMsgId", "must be a UUID (8-4-4-4-12 hex digits)");
        }
        if (frame.has("to") == frame.has("groupId")) {
            throw new ProtocolException(frame.has("to") ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD,
                    "exactly one of the fields 'to' and 'groupId' is required");
        }
        String to = frame.optId("to").orElse(null);
        if (to != null && !ChatIds.isDirectChatUser(to)) {
            throw ClientFrame.invalid("to", "must be a user id without ':'");
        }
        String groupId = frame.optId("groupId").orElse(null);
        if (groupId != null && !ChatIds.isGroupId(groupId)) {
            throw ClientFrame.invalid("groupId", "must be a group id");
        }
        String contentType = frame.optString("contentType").orElse(null);
        if (contentType != null && (contentType.length() > MAX_CONTENT_TYPE
                || !CONTENT_TYPE.matcher(contentType).matches())) {
            throw ClientFrame.invalid("contentType", "must be 1-" + MAX_CONTENT_TYPE + " printable ASCII characters");
        }
        if (contentType != null && contentType.regionMatches(true, 0, RESERVED_CONTENT_TYPE_PREFIX, 0,
                RESERVED_CONTENT_TYPE_PREFIX.length())) {
            throw ClientFrame.invalid("contentType", "content types starting with '" + RESERVED_CONTENT_TYPE_PREFIX
                    + "' are reserved for messages the server writes (e.g. group changes)");
        }
        List<String> mediaIds = frame.has("mediaIds") ? frame.idList("mediaIds", MAX_MEDIA_IDS) : List.of();
        if (frame.has("envelopes")) {
            if (frame.has("body")) {
                throw ClientFrame.invalid("body", "must not be given together with 'envelopes'");
            }
            if (groupId != null) {
                throw ClientFrame.invalid("envelopes", "are for direct chats; a group message is one sender-key body");
            }
            return new SendMessageRequest(clientMsgId, to, null, null, contentType,
                    envelopes(frame.node("envelopes")), mediaIds);
        }
        String body = frame.string("body");
        checkBody("body", body);
        return new SendMessageRequest(clientMsgId, to, groupId, body, contentType, List.of(), mediaIds);
    }

    private static List<Envelope> envelopes(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw ClientFrame.invalid("envelopes", "must be a non-empty array");
        }
        if (list.size() > MAX_ENVELOPES) {
            throw ClientFrame.invalid("envelopes", "must have at most " + MAX_ENVELOPES + " elements");
        }
        List<Envelope> out = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        long total = 0;
        for (int i = 0; i < list.size(); i++) {
            String field = "envelopes[" + i + "]";
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw ClientFrame.invalid(field, "must be an object {userId, deviceId, type, body}");
            }
            String userId = id(e, field + ".userId");
            String deviceId = id(e, field + ".deviceId");
            String type = text(e, field + ".type");
            if (!Envelope.TYPES.contains(type)) {
                throw ClientFrame.invalid(field + ".type", "must be 'prekey' or 'message'");
            }
            String body = text(e, field + ".body");
            total += checkBody(field + ".body", body);
            if (!devices.add(userId + "#" + deviceId)) {
                throw ClientFrame.invalid("envelopes", "has more than one envelope for " + userId + "/" + deviceId);
            }
            out.add(new Envelope(userId, deviceId, new Envelope.Payload(type, body), registrationId(e, field)));
        }
        if (total > MAX_ENVELOPES_BYTES) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE,
                    "envelope bodies exceed " + MAX_ENVELOPES_BYTES + " bytes in total");
        }
        return out;
    }

    /** The optional {@code registrationId} of an envelope: 1..16380 (libsignal's range), as keysUpload takes it. */
    private static Integer registrationId(JsonNode e, String field) {
        JsonNode id = e.get("registrationId");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 1 || id.asInt() > MAX_REGISTRATION_ID) {
            throw ClientFrame.invalid(field + ".registrationId", "must be an integer 1-" + MAX_REGISTRATION_ID);
        }
        return id.asInt();
    }

    private static String id(JsonNode e, String path) {
        String v = text(e, path);
        if (!ClientFrame.ID.matcher(v).matches()) {
            throw ClientFrame.invalid(path, "must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -");
        }
        return v;
    }

    private static String text(JsonNode e, String path) {
        JsonNode v = e.get(path.substring(path.lastIndexOf('.') + 1));
        if (v == null || v.isNull()) {
            throw ClientFrame.missing(path);
        }
        if (!v.isTextual()) {
            throw ClientFrame.invalid(path, "must be a string");
        }
        return ClientFrame.wellFormed(path, v.asText());
    }

    /** @return the body's escaped UTF-8 length, at most {@value #MAX_BODY_BYTES} */
    private static int checkBody(String field, String body) {
        int length = escapedUtf8Length(body);
        if (length > MAX_BODY_BYTES) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE,
                    field + " exceeds " + MAX_BODY_BYTES + " bytes (UTF-8, as JSON-escaped in the frame)");
        }
        return length;
    }

    /** UTF-8 length of the JSON-escaped string, without building it when it is obviously small or large. */
    static int escapedUtf8Length(String body) {
        if (body.length() > MAX_BODY_BYTES) {
            return MAX_BODY_BYTES + 1; // every char takes at least one byte
        }
        return JsonStringEncoder.getInstance().quoteAsUTF8(body).length;
    }
}

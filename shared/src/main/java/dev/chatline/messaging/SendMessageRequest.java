package dev.chatline.messaging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.util.regex.Pattern;

/**
 * A validated {@code sendMessage} frame: to a user ({@code to}, a direct chat) or to a group ({@code groupId});
 * exactly one of the two is set.
 *
 * <p>The body limit ({@value #MAX_BODY_BYTES} bytes) counts the body's UTF-8 bytes as it travels inside JSON
 * frames, i.e. after JSON escaping. For base64 ciphertext or ordinary text this is just its UTF-8 length; it keeps
 * a body of control characters (escaped to six bytes each) from producing frames above API Gateway's 128 KB limit.
 */
public record SendMessageRequest(String clientMsgId, String to, String groupId, String body, String contentType) {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_CONTENT_TYPE = 64;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    /** A message to a user (direct chat). */
    public SendMessageRequest(String clientMsgId, String to, String body, String contentType) {
        this(clientMsgId, to, null, body, contentType);
    }

    /** A message to a group. */
    public static SendMessageRequest toGroup(String clientMsgId, String groupId, String body, String contentType) {
        return new SendMessageRequest(clientMsgId, null, groupId, body, contentType);
    }

    public boolean isGroup() {
        return groupId != null;
    }

    /** The chat this message goes to. */
    public String chatId(String senderUserId) {
        return isGroup() ? ChatIds.group(groupId) : ChatIds.direct(senderUserId, to);
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
        String body = frame.string("body");
        if (escapedUtf8Length(body) > MAX_BODY_BYTES) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE,
                    "body exceeds " + MAX_BODY_BYTES + " bytes (UTF-8, as JSON-escaped in the frame)");
        }
        String contentType = frame.optString("contentType").orElse(null);
        if (contentType != null && (contentType.length() > MAX_CONTENT_TYPE
                || !CONTENT_TYPE.matcher(contentType).matches())) {
            throw ClientFrame.invalid("contentType", "must be 1-" + MAX_CONTENT_TYPE + " printable ASCII characters");
        }
        return new SendMessageRequest(clientMsgId, to, groupId, body, contentType);
    }

    /** UTF-8 length of the JSON-escaped string, without building it when it is obviously small or large. */
    static int escapedUtf8Length(String body) {
        if (body.length() > MAX_BODY_BYTES) {
            return MAX_BODY_BYTES + 1; // every char takes at least one byte
        }
        return JsonStringEncoder.getInstance().quoteAsUTF8(body).length;
    }
}

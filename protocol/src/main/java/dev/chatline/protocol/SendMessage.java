package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code sendMessage}: to a user ({@code to}, a direct chat) or a group ({@code groupId}), exactly one of them; either
 * one {@code body} for every device or (direct chats only) {@code envelopes}, one ciphertext per device.
 *
 * <p>Limits: a body counts its UTF-8 bytes as JSON-escaped in the frame (at most {@value #MAX_BODY_BYTES}, so a body
 * of control characters cannot make frames above API Gateway's 128 KB); each envelope body the same, all of them at
 * most {@value #MAX_ENVELOPES_BYTES} bytes, at most {@value #MAX_ENVELOPES} envelopes, one per device. Content types
 * starting with {@value #RESERVED_CONTENT_TYPE_PREFIX} are the server's own (group changes) and refused here.
 *
 * @param envelopes empty in the body form
 * @param mediaIds up to {@value #MAX_MEDIA_IDS} attachments, duplicates removed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessage(String clientMsgId, String to, String groupId, String body, String contentType,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Envelope> envelopes,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mediaIds) implements ClientMessage {
    public static final String ACTION = "sendMessage";
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_CONTENT_TYPE = 64;
    public static final int MAX_ENVELOPES = 100;
    public static final int MAX_ENVELOPES_BYTES = 120 * 1024;
    public static final int MAX_MEDIA_IDS = 10;
    public static final String RESERVED_CONTENT_TYPE_PREFIX = "chatline/";
    /** The envelope types: a libsignal PreKeySignalMessage or SignalMessage. */
    public static final Set<String> ENVELOPE_TYPES = Set.of("prekey", "message");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

    /** One device's ciphertext; {@code registrationId} (optional) is the one the session was built with. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Envelope(String userId, String deviceId, String type, String body, Integer registrationId) {
    }

    public SendMessage {
        if (!UUID.matcher(Check.required("clientMsgId", clientMsgId)).matches()) {
            throw ClientFrame.invalid("clientMsgId", "must be a UUID (8-4-4-4-12 hex digits)");
        }
        if ((to != null) == (groupId != null)) {
            throw new ProtocolException(to != null ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD,
                    "exactly one of the fields 'to' and 'groupId' is required");
        }
        if (Check.id("to", to) != null && !WireIds.isDirectChatUser(to)) {
            throw ClientFrame.invalid("to", "must be a user id without ':'");
        }
        Check.groupId("groupId", groupId);
        checkContentType(contentType);
        mediaIds = Check.optIdList("mediaIds", mediaIds, MAX_MEDIA_IDS);
        envelopes = envelopes == null ? List.of() : List.copyOf(envelopes);
        if (!envelopes.isEmpty()) {
            checkEnvelopeForm(body, groupId, envelopes);
        } else {
            checkBody("body", Check.required("body", body));
        }
    }

    /** A message to a user (direct chat), the body form. */
    public static SendMessage direct(String clientMsgId, String to, String body, String contentType) {
        return new SendMessage(clientMsgId, to, null, body, contentType, List.of(), List.of());
    }

    /** A message to a user (direct chat) with one ciphertext per device. */
    public static SendMessage withEnvelopes(String clientMsgId, String to, String contentType,
                                            List<Envelope> envelopes) {
        return new SendMessage(clientMsgId, to, null, null, contentType, envelopes, List.of());
    }

    /** A message to a group (one sender-key body). */
    public static SendMessage toGroup(String clientMsgId, String groupId, String body, String contentType) {
        return new SendMessage(clientMsgId, null, groupId, body, contentType, List.of(), List.of());
    }

    @JsonIgnore
    public boolean isGroup() {
        return groupId != null;
    }

    public boolean hasEnvelopes() {
        return !envelopes.isEmpty();
    }

    @Override
    public String action() {
        return ACTION;
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        if (contentType.length() > MAX_CONTENT_TYPE || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw ClientFrame.invalid("contentType", "must be 1-" + MAX_CONTENT_TYPE + " printable ASCII characters");
        }
        if (contentType.regionMatches(true, 0, RESERVED_CONTENT_TYPE_PREFIX, 0, RESERVED_CONTENT_TYPE_PREFIX.length())) {
            throw ClientFrame.invalid("contentType", "content types starting with '" + RESERVED_CONTENT_TYPE_PREFIX
                    + "' are reserved for messages the server writes (e.g. group changes)");
        }
    }

    private static void checkEnvelopeForm(String body, String groupId, List<Envelope> envelopes) {
        if (body != null) {
            throw ClientFrame.invalid("body", "must not be given together with 'envelopes'");
        }
        if (groupId != null) {
            throw ClientFrame.invalid("envelopes", "are for direct chats; a group message is one sender-key body");
        }
        if (envelopes.size() > MAX_ENVELOPES) {
            throw ClientFrame.invalid("envelopes", "must have at most " + MAX_ENVELOPES + " elements");
        }
        Set<String> devices = new HashSet<>();
        long total = 0;
        for (int i = 0; i < envelopes.size(); i++) {
            String field = "envelopes[" + i + "]";
            Envelope e = envelopes.get(i);
            Check.requiredId(field + ".userId", e.userId());
            Check.requiredId(field + ".deviceId", e.deviceId());
            if (!ENVELOPE_TYPES.contains(Check.required(field + ".type", e.type()))) {
                throw ClientFrame.invalid(field + ".type", "must be 'prekey' or 'message'");
            }
            total += checkBody(field + ".body", Check.required(field + ".body", e.body()));
            if (!devices.add(e.userId() + "#" + e.deviceId())) {
                throw ClientFrame.invalid("envelopes", "has more than one envelope for " + e.userId() + "/"
                        + e.deviceId());
            }
            Integer registrationId = e.registrationId();
            if (registrationId != null && (registrationId < 1 || registrationId > PublicKeys.MAX_REGISTRATION_ID)) {
                throw ClientFrame.invalid(field + ".registrationId", "must be an integer 1-"
                        + PublicKeys.MAX_REGISTRATION_ID);
            }
        }
        if (total > MAX_ENVELOPES_BYTES) {
            throw new ProtocolException(ErrorCode.BODY_TOO_LARGE,
                    "envelope bodies exceed " + MAX_ENVELOPES_BYTES + " bytes in total");
        }
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
    public static int escapedUtf8Length(String body) {
        if (body.length() > MAX_BODY_BYTES) {
            return MAX_BODY_BYTES + 1; // every char takes at least one byte
        }
        return JsonStringEncoder.getInstance().quoteAsUTF8(body).length;
    }

    static SendMessage read(ClientFrame f) {
        List<Envelope> envelopes = f.has("envelopes") ? readEnvelopes(f.node("envelopes")) : null;
        return new SendMessage(f.optString("clientMsgId").orElse(null), f.optString("to").orElse(null),
                f.optString("groupId").orElse(null), f.optString("body").orElse(null),
                f.optString("contentType").orElse(null), envelopes, f.optIdArray("mediaIds"));
    }

    private static List<Envelope> readEnvelopes(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw ClientFrame.invalid("envelopes", "must be a non-empty array");
        }
        List<Envelope> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "envelopes[" + i + "]";
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw ClientFrame.invalid(field, "must be an object {userId, deviceId, type, body}");
            }
            out.add(new Envelope(text(e, field, "userId"), text(e, field, "deviceId"), text(e, field, "type"),
                    text(e, field, "body"), registrationId(e.get("registrationId"), field)));
        }
        return out;
    }

    private static Integer registrationId(JsonNode id, String field) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.canConvertToInt() || !id.isIntegralNumber()) {
            throw ClientFrame.invalid(field + ".registrationId", "must be an integer 1-"
                    + PublicKeys.MAX_REGISTRATION_ID);
        }
        return id.asInt();
    }

    private static String text(JsonNode e, String field, String name) {
        JsonNode v = e.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ClientFrame.invalid(field + "." + name, "must be a string");
        }
        return ClientFrame.wellFormed(field + "." + name, v.asText());
    }
}

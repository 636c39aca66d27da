package dev.chatline.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed client frame with typed, validated field access. Every accessor throws {@link ProtocolException} with
 * {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD} naming the field, so handlers never see
 * malformed input.
 */
public final class ClientFrame {
    /** Ids chosen by clients (user, device, message, group ids): {@link WireIds#ID}. */
    public static final Pattern ID = WireIds.ID;
    private static final int MAX_REQUEST_ID = 64;
    /** Strict: content after the object ({@code {...} junk}, a second object) makes the frame invalid JSON. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode root;

    private ClientFrame(JsonNode root) {
        this.root = root;
    }

    /**
     * Parses a frame body; anything but exactly one JSON object (nothing but whitespace after it) is
     * {@link ErrorCode#INVALID_JSON}.
     */
    public static ClientFrame parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "empty frame");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "frame is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "frame must be a JSON object");
        }
        return new ClientFrame(node);
    }

    /**
     * The correlation id, if present and well-formed; never throws, so that even an error about another field
     * can echo it. One with an unpaired surrogate is not echoed: it cannot be sent back intact.
     */
    public Optional<String> requestId() {
        JsonNode n = root.get("requestId");
        return n != null && n.isTextual() && n.asText().length() <= MAX_REQUEST_ID && isWellFormed(n.asText())
                ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The raw {@code clientMsgId} if textual and well-formed Unicode (for echoing in errors), else nothing. */
    public Optional<String> rawClientMsgId() {
        JsonNode n = root.get("clientMsgId");
        return n != null && n.isTextual() && isWellFormed(n.asText()) ? Optional.of(n.asText()) : Optional.empty();
    }

    public Optional<String> action() {
        JsonNode n = root.get("action");
        return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    public boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    public String string(String field) {
        return optString(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optString(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return Optional.of(wellFormed(field, n.asText()));
    }

    /**
     * {@code value}, if it is well-formed Unicode: JSON lets a frame escape an unpaired surrogate ({@code "\ud800"}),
     * but no such string can be stored or sent on (the AWS SDK cannot encode it), so it is refused here.
     */
    public static String wellFormed(String field, String value) {
        if (!isWellFormed(value)) {
            throw invalid(field, "must be valid Unicode text (it has an unpaired surrogate)");
        }
        return value;
    }

    /** Whether every surrogate in {@code value} is part of a pair. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A required id matching {@link #ID}. */
    public String id(String field) {
        return optId(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optId(String field) {
        Optional<String> v = optString(field);
        v.ifPresent(s -> {
            if (!ID.matcher(s).matches()) {
                throw invalid(field, "must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -");
            }
        });
        return v;
    }

    public Optional<Long> optLong(String field, long min, long max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw invalid(field, "must be an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return Optional.of(v);
    }

    /** Any integer, or empty when absent; INVALID_FIELD if it is not one (ranges are the records' to check). */
    public Optional<Long> optLong(String field) {
        return optLong(field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * An array of strings, or null when absent (the records check size and content with {@link Check#idList}).
     * INVALID_FIELD if it is no array, is empty, or holds anything but strings.
     */
    public List<String> optIdArray(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw invalid(field, "must be a non-empty array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw invalid(field, "must contain only ids (1-128 characters of A-Z a-z 0-9 _ . : @ + -)");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** The frame as parsed (for the binding's readers of nested objects). */
    public JsonNode root() {
        return root;
    }

    /** A required non-empty array of ids, at most {@code maxSize}, duplicates removed (order kept). */
    public List<String> idList(String field, int maxSize) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw missing(field);
        }
        if (!n.isArray() || n.isEmpty()) {
            throw invalid(field, "must be a non-empty array");
        }
        if (n.size() > maxSize) {
            throw invalid(field, "must have at most " + maxSize + " elements");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || !ID.matcher(e.asText()).matches()) {
                throw invalid(field, "must contain only ids (1-128 characters of A-Z a-z 0-9 _ . : @ + -)");
            }
            if (!out.contains(e.asText())) {
                out.add(e.asText());
            }
        }
        return out;
    }

    /** One of the enum's values, written in lower case on the wire (e.g. {@code delivered}). */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String v = string(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                return e;
            }
        }
        throw invalid(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase());
    }

    public JsonNode node(String field) {
        return root.get(field);
    }

    public static ProtocolException missing(String field) {
        return new ProtocolException(ErrorCode.MISSING_FIELD, "missing field '" + field + "'");
    }

    public static ProtocolException invalid(String field, String why) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + field + "' " + why);
    }
}

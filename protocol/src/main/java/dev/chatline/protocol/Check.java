package dev.chatline.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The field rules the records' compact constructors apply, with the error codes and messages the server has always
 * given: {@link ErrorCode#MISSING_FIELD} for an absent required field, {@link ErrorCode#INVALID_FIELD} for a value of
 * the wrong format or range, each naming the field.
 */
public final class Check {
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]*");

    private Check() {
    }

    /** {@code value}, or MISSING_FIELD if it is null. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ClientFrame.missing(field);
        }
        return value;
    }

    /** An id ({@link WireIds#ID}), or null when {@code value} is. */
    public static String id(String field, String value) {
        if (value != null && !WireIds.ID.matcher(value).matches()) {
            throw ClientFrame.invalid(field, "must be 1-128 characters of A-Z a-z 0-9 _ . : @ + -");
        }
        return value;
    }

    /** A required id. */
    public static String requiredId(String field, String value) {
        return id(field, required(field, value));
    }

    /** A group id (an id without {@code ':'}), or null. */
    public static String groupId(String field, String value) {
        if (id(field, value) != null && !WireIds.isGroupId(value)) {
            throw ClientFrame.invalid(field, "must be a group id");
        }
        return value;
    }

    /** A required, well-formed chat id ({@code d:<a>:<b>} or {@code g:<groupId>}). */
    public static String chatId(String field, String value) {
        if (!WireIds.isChatId(required(field, value))) {
            throw ClientFrame.invalid(field, "is not a chat id");
        }
        return value;
    }

    /** {@code value} within {@code [min, max]}, or null. */
    public static Long range(String field, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            throw ClientFrame.invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** A required non-empty list of at most {@code max} ids, duplicates removed (order kept); immutable. */
    public static List<String> idList(String field, List<String> values, int max) {
        required(field, values);
        if (values.isEmpty()) {
            throw ClientFrame.invalid(field, "must be a non-empty array");
        }
        if (values.size() > max) {
            throw ClientFrame.invalid(field, "must have at most " + max + " elements");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || !WireIds.ID.matcher(v).matches()) {
                throw ClientFrame.invalid(field, "must contain only ids (1-128 characters of A-Z a-z 0-9 _ . : @ + -)");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    /** An optional id list: empty when absent or empty, else as {@link #idList}. */
    public static List<String> optIdList(String field, List<String> values, int max) {
        return values == null || values.isEmpty() ? List.of() : idList(field, values, max);
    }

    /**
     * One of {@code allowed} (the wire's lower-case names), or null; the message lists {@code shown}, the values
     * the server has always named for this field.
     */
    public static String oneOf(String field, String value, List<String> allowed, List<String> shown) {
        if (value != null && !allowed.contains(value)) {
            throw ClientFrame.invalid(field, "must be one of " + shown);
        }
        return value;
    }

    /** One of the lower-case names of an enum's constants (how enums travel), or null. */
    public static String oneOf(String field, String value, List<String> allowed) {
        return oneOf(field, value, allowed, allowed);
    }

    /** The lower-case names of {@code values}, in order (as {@link #oneOf} takes them). */
    public static List<String> names(Object... values) {
        return Arrays.stream(values).map(v -> v.toString().toLowerCase(Locale.ROOT)).toList();
    }

    /** A display name: 1-{@code max} characters, no control characters, not blank. */
    public static String name(String field, String value, int max) {
        required(field, value);
        if (value.isBlank() || value.length() > max || !NAME.matcher(value).matches()) {
            throw ClientFrame.invalid(field, "must be 1-" + max + " characters without control characters");
        }
        return value;
    }

    /** At most {@code max} characters, or null. */
    public static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ClientFrame.invalid(field, "longer than " + max + " characters");
        }
        return value;
    }

    /** A value that is {@link ClientFrame#isWellFormed well-formed} Unicode, or null. */
    public static String text(String field, String value) {
        return value == null ? null : ClientFrame.wellFormed(field, value);
    }
}

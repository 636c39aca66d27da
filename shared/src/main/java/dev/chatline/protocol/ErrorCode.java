package dev.chatline.protocol;

/** Stable machine codes of {@code error} frames. Documented in docs/protocol.md; never rename one. */
public enum ErrorCode {
    /** The frame is not a JSON object. */
    INVALID_JSON,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A field has the wrong type, format or range. */
    INVALID_FIELD,
    /** The message body exceeds the documented limit. */
    BODY_TOO_LARGE,
    /** {@code action} names no route. */
    UNKNOWN_ACTION,
    /** The recipient user has no registered device. */
    UNKNOWN_RECIPIENT,
    /** The caller may not read or write this chat or message. */
    FORBIDDEN,
    /** The message id does not exist in the chat (or has expired). */
    UNKNOWN_MESSAGE,
    /** A keysUpload would leave more one-time prekeys of a kind stored for the device than allowed (1000). */
    TOO_MANY_PREKEYS,
    /**
     * The {@code envelopes} of a sendMessage do not cover exactly the recipient's devices and the sender's other
     * devices; the frame names {@code missingDevices} and {@code extraDevices}.
     */
    DEVICE_MISMATCH,
    /**
     * Envelopes named a {@code registrationId} that a device has since replaced (it re-registered); the frame names
     * {@code staleDevices}. Nothing was stored.
     */
    STALE_DEVICES,
    /** The group already has the maximum number of members (256). */
    GROUP_FULL,
    /** The user named in a group request is not a member of the group. */
    UNKNOWN_MEMBER,
    /**
     * Another change of the group is being applied (a change too large for one transaction holds the group);
     * retry after {@code retryAfterMs}.
     */
    GROUP_BUSY,
    /** A user (named in the message) is in the maximum number of groups. */
    TOO_MANY_GROUPS,
    /** No pending invitation into this group (never sent, declined, expired, or its inviter is no admin now). */
    UNKNOWN_INVITE,
    /** Too many requests; retry after {@code retryAfterMs}. */
    RATE_LIMITED,
    /** The media content type is not one of the allowed types. */
    MEDIA_TYPE_NOT_ALLOWED,
    /** The media size exceeds the limit of its kind. */
    MEDIA_TOO_LARGE,
    /** The media id does not exist (or has expired). */
    UNKNOWN_MEDIA,
    /** A mediaUpload would exceed the user's daily upload bytes; retry after {@code retryAfterMs} (the next day). */
    MEDIA_QUOTA_EXCEEDED,
    /** The server failed; the request may be retried (sendMessage is idempotent by clientMsgId). */
    INTERNAL_ERROR
}

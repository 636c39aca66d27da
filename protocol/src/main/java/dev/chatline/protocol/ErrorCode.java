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
    /**
     * The connection's device is not linked to its user's account: it may only run the link flow
     * ({@code linkRequest}, {@code keysUpload}, {@code keysCount}, {@code deviceList}, {@code deviceListUpdate}).
     */
    NOT_LINKED,
    /** A device list would name more than 5 devices; unlink one first. */
    TOO_MANY_DEVICES,
    /**
     * A device list is malformed, not signed by the account identity, not newer than the stored one, or adds a
     * device no pending link request names.
     */
    INVALID_DEVICE_LIST,
    /** The stored device list changed since the client read it; fetch it ({@code deviceList}) and sign again. */
    STALE_DEVICE_LIST,
    /** No pending link request has this code (never issued, used, or expired after 10 minutes). */
    UNKNOWN_LINK_CODE,
    /**
     * A keysUpload with an identity key other than the one the signed device list names for this device id: only a
     * linked device's approval (a new list) or an account reset can change it.
     */
    IDENTITY_LOCKED,
    /** The server failed; the request may be retried (sendMessage is idempotent by clientMsgId). */
    INTERNAL_ERROR,
    /**
     * Sent (with no request id) just before the server closes the connection because the user was moved to another
     * cell: reconnect to the user's cell (a connect to this one is now refused with 421; docs/client.md, "Cells").
     */
    WRONG_CELL
}

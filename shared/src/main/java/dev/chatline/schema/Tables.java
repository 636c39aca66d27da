package dev.chatline.schema;

import static dev.chatline.schema.KeyAttr.number;
import static dev.chatline.schema.KeyAttr.string;

import java.util.List;

/**
 * Every DynamoDB table of the backend, defined once. The CDK stack, the local runtime's provisioning and the
 * tests all read this list; each table has exactly one store class that owns its attribute names and access
 * patterns. TTL attributes hold epoch <b>seconds</b>; DynamoDB deletes expired items late (and moto never does),
 * so every store filters on expiry when it reads.
 */
public final class Tables {
    /** Common TTL attribute name (epoch seconds). */
    public static final String EXPIRES_AT = "expiresAt";

    /** connectionId → userId, deviceId, connectedAt, expiresAt. GSI byUser: userId → connections. */
    public static final TableDef CONNECTIONS = new TableDef("connections", string("connectionId"), null,
            List.of(new IndexDef("byUser", string("userId"), string("deviceId"), false)), EXPIRES_AT);

    /** userId → lastActiveAt, lastSeenVisibility. Online is derived from live connections. */
    public static final TableDef PRESENCE = new TableDef("presence", string("userId"), null, List.of(), null);

    /**
     * (targetUserId, subscriberUserId) → expiresAt: one row per pair, however often the subscriber reconnects and
     * subscribes again (it replaced {@code presence-subscriptions}, one row per subscriber connection).
     */
    public static final TableDef PRESENCE_SUBSCRIBERS = new TableDef("presence-subscribers",
            string("targetUserId"), string("subscriberUserId"), List.of(), EXPIRES_AT);

    /**
     * (userId, deviceId) → registeredAt, lastSeenAt (+ linkedAt, linkedKey, name while on the signed list): the
     * devices a user has; sort key {@code #} = the account row (account identity key, signed device list), sort key
     * {@code #link#<code>} = a pending link request (expires). A user exists once one device did.
     */
    public static final TableDef DEVICES = new TableDef("devices", string("userId"), string("deviceId"),
            List.of(), EXPIRES_AT);

    /** chatId → kind, nextSeq (atomic counter). */
    public static final TableDef CHATS = new TableDef("chats", string("chatId"), null, List.of(), null);

    /** (chatId, seq) → the stored message (opaque body), counters; expires after the retention. */
    public static final TableDef MESSAGES = new TableDef("messages", string("chatId"), number("seq"),
            List.of(), EXPIRES_AT);

    /** senderUserId#clientMsgId → chatId, seq, messageId: makes sendMessage idempotent. */
    public static final TableDef IDEMPOTENCY = new TableDef("idempotency", string("idempotencyKey"), null,
            List.of(), EXPIRES_AT);

    /** (userId#deviceId, entry key) → one row per undelivered message (or pending event) per device. */
    public static final TableDef INBOX = new TableDef("inbox", string("deviceKey"), string("entryKey"),
            List.of(), EXPIRES_AT);

    /** (chatId#seq, userId) → per-recipient receipt status; status only moves forward. */
    public static final TableDef RECEIPTS = new TableDef("receipts", string("messageKey"), string("userId"),
            List.of(), EXPIRES_AT);

    /** bucketKey → counter in a fixed window; expires with the window. */
    public static final TableDef RATE_LIMITS = new TableDef("rate-limits", string("bucketKey"), null,
            List.of(), EXPIRES_AT);

    /** groupId → name, memberCount, adminCount (both changed only with a condition, in membership transactions). */
    public static final TableDef GROUPS = new TableDef("groups", string("groupId"), null, List.of(), null);

    /** (groupId, userId) → role, memberSince (seq), groupName. GSI byUser: userId → the user's groups. */
    public static final TableDef GROUP_MEMBERS = new TableDef("group-members", string("groupId"), string("userId"),
            List.of(new IndexDef("byUser", string("userId"), string("groupId"), false)), null);

    /**
     * (userId, itemKey) → a user's side of groups: {@code #} = how many groups the user is in (the per-user cap);
     * {@code i#<groupId>} = a pending invitation (expires); {@code o#<opId>} = a group change the user made, by its
     * client operation id (idempotent retries; expires).
     */
    public static final TableDef GROUP_USERS = new TableDef("group-users", string("userId"), string("itemKey"),
            List.of(), EXPIRES_AT);

    /**
     * (userId, deviceId) → registrationId, identity key, signed EC prekey, last-resort Kyber prekey (public keys and
     * signatures only; the server never holds a private key).
     */
    public static final TableDef DEVICE_KEYS = new TableDef("device-keys", string("userId"), string("deviceId"),
            List.of(), null);

    /** (userId#deviceId, keyId) → one-time EC prekey; a row is deleted when handed out. */
    public static final TableDef ONE_TIME_EC_PREKEYS = new TableDef("one-time-ec-prekeys", string("deviceKey"),
            number("keyId"), List.of(), null);

    /** (userId#deviceId, keyId) → one-time Kyber (KEM) prekey and its signature; deleted when handed out. */
    public static final TableDef ONE_TIME_KEM_PREKEYS = new TableDef("one-time-kem-prekeys", string("deviceKey"),
            number("keyId"), List.of(), null);

    /** (userId, contactUserId) → since: users who share a chat (recorded when a direct chat is created). */
    public static final TableDef CONTACTS = new TableDef("contacts", string("userId"), string("contactUserId"),
            List.of(), null);

    /** mediaId → owner, contentType, size, sha256, chats it was sent in (download authorization); expires. */
    public static final TableDef MEDIA = new TableDef("media", string("mediaId"), null, List.of(), EXPIRES_AT);

    /** userId#deviceId → platform, token, updatedAt: one push token per device. */
    public static final TableDef PUSH_TOKENS = new TableDef("push-tokens", string("deviceKey"), null, List.of(),
            null);

    /** (userId#deviceId, chatId) → when the last push for that chat went to that device; expires. */
    public static final TableDef PUSH_WINDOWS = new TableDef("push-windows", string("deviceKey"), string("chatId"),
            List.of(), EXPIRES_AT);

    /** All tables, in a stable order. */
    public static final List<TableDef> ALL = List.of(CONNECTIONS, PRESENCE, PRESENCE_SUBSCRIBERS, DEVICES, CHATS,
            MESSAGES, IDEMPOTENCY, INBOX, RECEIPTS, RATE_LIMITS, GROUPS, GROUP_MEMBERS, GROUP_USERS,
            DEVICE_KEYS, ONE_TIME_EC_PREKEYS, ONE_TIME_KEM_PREKEYS, CONTACTS, MEDIA, PUSH_TOKENS, PUSH_WINDOWS);

    private Tables() {
    }
}

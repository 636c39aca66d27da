package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A client frame's action, one record per route of docs/asyncapi.yaml. A record exists only valid: its compact
 * constructor applies the action's rules and throws {@link ProtocolException} (MISSING_FIELD, INVALID_FIELD...)
 * with the code the server answers. The {@code requestId} is not part of the action: {@link ClientRequest} carries
 * it. Each record's {@code read(ClientFrame)} reads its fields from a parsed frame (types only; the constructor
 * checks the values), and {@link ProtocolJson} decodes and encodes through them.
 */
@JsonPropertyOrder({"action"})
public sealed interface ClientMessage permits SendMessage, KeysUpload, ClientMessage.Receipt,
        ClientMessage.Sync, ClientMessage.History, ClientMessage.ReceiptInfo, ClientMessage.PresenceSubscribe,
        ClientMessage.Settings, ClientMessage.Heartbeat, GroupActions.GroupCreate, GroupActions.GroupAdd,
        GroupActions.GroupRemove, GroupActions.GroupLeave, GroupActions.GroupAdmin, GroupActions.GroupAccept,
        GroupActions.GroupDecline, GroupActions.GroupInfo, GroupActions.GroupList, ClientMessage.KeysFetch,
        ClientMessage.KeysCount, ClientMessage.MediaUpload, ClientMessage.MediaDownload, ClientMessage.RegisterPush,
        DeviceActions.LinkRequest, DeviceActions.DeviceList, DeviceActions.DeviceListUpdate {

    /** The route key ({@code action} on the wire). */
    @JsonProperty("action")
    String action();

    /** {@code receipt}: mark messages delivered or read, or ask their senders to encrypt them again (retry). */
    record Receipt(String chatId, List<String> messageIds, String status) implements ClientMessage {
        public static final String ACTION = "receipt";
        public static final int MAX_MESSAGE_IDS = 100;
        /** A retry receipt: the device could not decrypt the messages. */
        public static final String RETRY = "retry";
        private static final List<String> STATUSES = List.of("sent", "delivered", "read");

        public Receipt {
            Check.chatId("chatId", chatId);
            messageIds = Check.idList("messageIds", messageIds, MAX_MESSAGE_IDS);
            if (!RETRY.equals(status)) {
                Check.oneOf("status", Check.required("status", status), STATUSES);
                if (status.equals("sent")) {
                    throw ClientFrame.invalid("status", "must be one of [delivered, read, retry]");
                }
            }
        }

        public boolean retry() {
            return RETRY.equals(status);
        }

        static Receipt read(ClientFrame f) {
            return new Receipt(f.optString("chatId").orElse(null), f.optIdArray("messageIds"),
                    f.optString("status").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code sync}: post the pending items after {@code cursor} (the previous page's), then {@code syncComplete}. */
    record Sync(String cursor) implements ClientMessage {
        public static final String ACTION = "sync";

        static Sync read(ClientFrame f) {
            return new Sync(f.optString("cursor").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code history}: a page of a chat, newest first, before {@code beforeSeq}, at most {@code limit}. */
    record History(String chatId, Long beforeSeq, Long limit) implements ClientMessage {
        public static final String ACTION = "history";
        public static final int DEFAULT_LIMIT = 50;
        public static final int MAX_LIMIT = 100;

        public History {
            Check.required("chatId", chatId);
            Check.range("beforeSeq", beforeSeq, 1, Long.MAX_VALUE);
            Check.range("limit", limit, 1, MAX_LIMIT);
        }

        /** {@code limit}, or {@value #DEFAULT_LIMIT}. */
        public int limitOrDefault() {
            return limit == null ? DEFAULT_LIMIT : limit.intValue();
        }

        static History read(ClientFrame f) {
            return new History(f.optString("chatId").orElse(null), f.optLong("beforeSeq").orElse(null),
                    f.optLong("limit").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code receiptInfo}: each recipient's status of one of the caller's messages. */
    record ReceiptInfo(String chatId, String messageId) implements ClientMessage {
        public static final String ACTION = "receiptInfo";

        public ReceiptInfo {
            Check.chatId("chatId", chatId);
            Check.requiredId("messageId", messageId);
        }

        static ReceiptInfo read(ClientFrame f) {
            return new ReceiptInfo(f.optString("chatId").orElse(null), f.optString("messageId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code presenceSubscribe}: 1-{@value #MAX_USERS} users. */
    record PresenceSubscribe(List<String> userIds) implements ClientMessage {
        public static final String ACTION = "presenceSubscribe";
        public static final int MAX_USERS = 100;

        public PresenceSubscribe {
            userIds = Check.idList("userIds", userIds, MAX_USERS);
        }

        static PresenceSubscribe read(ClientFrame f) {
            return new PresenceSubscribe(f.optIdArray("userIds"));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code settings}: at least one of {@code lastSeen} (everyone, nobody) and {@code groupAdd}. */
    record Settings(String lastSeen, String groupAdd) implements ClientMessage {
        public static final String ACTION = "settings";
        public static final List<String> LAST_SEEN = List.of("everyone", "nobody");
        public static final List<String> GROUP_ADD = List.of("everyone", "contacts", "nobody");

        public Settings {
            if (lastSeen == null && groupAdd == null) {
                throw ClientFrame.missing("lastSeen' or 'groupAdd");
            }
            Check.oneOf("lastSeen", lastSeen, LAST_SEEN);
            Check.oneOf("groupAdd", groupAdd, GROUP_ADD);
        }

        static Settings read(ClientFrame f) {
            return new Settings(f.optString("lastSeen").orElse(null), f.optString("groupAdd").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code heartbeat}: answered by API Gateway itself (a mock route), never by a function. */
    record Heartbeat() implements ClientMessage {
        public static final String ACTION = "heartbeat";

        static Heartbeat read(ClientFrame f) {
            return new Heartbeat();
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code keysFetch}: a user's key bundles (one device's with {@code deviceId}). */
    record KeysFetch(String userId, String deviceId) implements ClientMessage {
        public static final String ACTION = "keysFetch";

        public KeysFetch {
            Check.requiredId("userId", userId);
            Check.id("deviceId", deviceId);
        }

        static KeysFetch read(ClientFrame f) {
            return new KeysFetch(f.optString("userId").orElse(null), f.optString("deviceId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code keysCount}: the caller's device's one-time keys left. */
    record KeysCount() implements ClientMessage {
        public static final String ACTION = "keysCount";

        static KeysCount read(ClientFrame f) {
            return new KeysCount();
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /**
     * {@code mediaUpload}: the content type, the exact size in bytes and the SHA-256 (base64) of the bytes that will
     * be uploaded. Which content types and sizes are allowed is the deployment's (the media service checks it).
     */
    record MediaUpload(String contentType, Long size, String sha256) implements ClientMessage {
        public static final String ACTION = "mediaUpload";
        private static final int SHA256_BYTES = 32;

        public MediaUpload {
            Check.required("contentType", contentType);
            Check.range("size", Check.required("size", size), 1, Long.MAX_VALUE);
            if (!isSha256Base64(Check.required("sha256", sha256))) {
                throw ClientFrame.invalid("sha256", "must be the base64 SHA-256 digest (44 characters) of the upload");
            }
        }

        private static boolean isSha256Base64(String s) {
            if (s.length() != 44) {
                return false;
            }
            try {
                return java.util.Base64.getDecoder().decode(s).length == SHA256_BYTES;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        static MediaUpload read(ClientFrame f) {
            return new MediaUpload(f.optString("contentType").orElse(null), f.optLong("size").orElse(null),
                    f.optString("sha256").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code mediaDownload}: a short-lived GET URL for a media object of a chat the caller is in. */
    record MediaDownload(String mediaId) implements ClientMessage {
        public static final String ACTION = "mediaDownload";

        public MediaDownload {
            Check.requiredId("mediaId", mediaId);
        }

        static MediaDownload read(ClientFrame f) {
            return new MediaDownload(f.optString("mediaId").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** {@code registerPush}: the device's push token (1-{@value #MAX_TOKEN} printable ASCII characters). */
    record RegisterPush(String platform, String token) implements ClientMessage {
        public static final String ACTION = "registerPush";
        public static final List<String> PLATFORMS = List.of("android", "ios", "web");
        public static final int MAX_TOKEN = 4096;
        private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1," + MAX_TOKEN + "}");

        public RegisterPush {
            Check.oneOf("platform", Check.required("platform", platform), PLATFORMS);
            if (!TOKEN.matcher(Check.required("token", token)).matches()) {
                throw ClientFrame.invalid("token", "must be 1-" + MAX_TOKEN + " printable ASCII characters");
            }
        }

        static RegisterPush read(ClientFrame f) {
            return new RegisterPush(f.optString("platform").orElse(null), f.optString("token").orElse(null));
        }

        @Override
        public String action() {
            return ACTION;
        }
    }
}

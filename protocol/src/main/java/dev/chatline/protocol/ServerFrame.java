package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A frame the server sends, one record per frame of docs/asyncapi.yaml ({@code type} on the wire; the {@code ack}
 * variants also name their {@code action}). A reply's {@code requestId} is not part of the record: the route layer
 * echoes it ({@link ProtocolJson#encode(ServerFrame, String)}). Absent (null) fields are left out of the frame.
 */
@JsonPropertyOrder({"type", "requestId", "action"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame permits ServerFrame.Ack, ServerFrame.Error, ChatFrames.Message,
        ChatFrames.ReceiptEvent, ChatFrames.SyncComplete, ChatFrames.History, ChatFrames.ReceiptInfo,
        ChatFrames.RetryRequest, ServerFrame.Presence, KeysFrames.IdentityChanged, KeysFrames.KeysUploaded,
        KeysFrames.KeysCount, KeysFrames.KeyBundles, LinkFrames.LinkCode, LinkFrames.DeviceList,
        LinkFrames.Linked, LinkFrames.Unlinked, LinkFrames.DevicesChanged, MembershipFrames.GroupInfo,
        MembershipFrames.GroupList, MembershipFrames.GroupInvite, ServerFrame.MediaUpload, ServerFrame.MediaDownload {

    /** The frame's {@code type}. */
    @JsonProperty("type")
    String type();

    /** A user's device, {@code {"userId","deviceId"}}. */
    record DeviceRef(String userId, String deviceId) {
    }

    /** The {@code ack} frames: type {@value ACK}; each but the send's names its {@code action}. */
    sealed interface Ack extends ServerFrame permits Acks.SendMessageAck, Acks.Named {
        String ACK = "ack";

        @Override
        default String type() {
            return ACK;
        }
    }

    /**
     * {@code error}: one per refused frame; the connection stays usable. {@code requestId} and {@code clientMsgId}
     * echo the refused frame's; {@code retryAfterMs} comes with RATE_LIMITED, MEDIA_QUOTA_EXCEEDED and GROUP_BUSY;
     * the device lists with DEVICE_MISMATCH and STALE_DEVICES.
     */
    @JsonPropertyOrder({"type", "code", "message", "requestId", "clientMsgId", "retryAfterMs"})
    record Error(ErrorCode code, String message, String requestId, String clientMsgId, Long retryAfterMs,
                 List<DeviceRef> missingDevices, List<DeviceRef> extraDevices, List<DeviceRef> staleDevices)
            implements ServerFrame {
        public static final String TYPE = "error";

        public Error(ErrorCode code, String message, String requestId, String clientMsgId, Long retryAfterMs) {
            this(code, message, requestId, clientMsgId, retryAfterMs, null, null, null);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code presence}: contacts' online state ({@code lastSeen} when visible and offline). */
    record Presence(List<User> users) implements ServerFrame {
        public static final String TYPE = "presence";

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record User(String userId, boolean online, Long lastSeen) {
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code mediaUpload}: a presigned PUT; send exactly {@code headers} with it. */
    record MediaUpload(String mediaId, String method, String url, java.util.Map<String, String> headers,
                       long expiresAt) implements ServerFrame {
        public static final String TYPE = "mediaUpload";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code mediaDownload}: a short-lived GET URL and what the bytes must be. */
    record MediaDownload(String mediaId, String url, String contentType, long size, String sha256, long expiresAt)
            implements ServerFrame {
        public static final String TYPE = "mediaDownload";

        @Override
        public String type() {
            return TYPE;
        }
    }
}

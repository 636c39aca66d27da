package dev.chatline.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code ack} frames ({@link ServerFrame.Ack}). */
public final class Acks {
    private Acks() {
    }

    /** The ack of a send (✓ sent): the message's id and place; {@code groupId} for a group chat. */
    @JsonPropertyOrder({"type", "requestId", "clientMsgId", "messageId", "chatId", "groupId", "seq", "serverTs"})
    public record SendMessageAck(String clientMsgId, String messageId, String chatId, String groupId, long seq,
                                 long serverTs) implements ServerFrame.Ack {
        /** With {@code groupId} derived from {@code chatId}. */
        public static SendMessageAck of(String clientMsgId, String messageId, String chatId, long seq, long serverTs) {
            return new SendMessageAck(clientMsgId, messageId, chatId, WireIds.groupIdOf(chatId).orElse(null), seq,
                    serverTs);
        }
    }

    /** An ack that names the action it answers (its {@code ACTION} constant). */
    public sealed interface Named extends ServerFrame.Ack permits ReceiptAck, SettingsAck, RegisterPushAck,
            GroupDeclineAck, HeartbeatAck {
        @JsonProperty("action")
        String action();
    }

    /** The ack of a {@code receipt} that carried a requestId. */
    public record ReceiptAck() implements Named {
        public static final String ACTION = ClientMessage.Receipt.ACTION;

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** The ack of {@code settings}: the settings the frame set. */
    public record SettingsAck(Settings settings) implements Named {
        public static final String ACTION = ClientMessage.Settings.ACTION;

        /** What was set; the other field is absent. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Settings(String lastSeen, String groupAdd) {
        }

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** The ack of {@code registerPush}. */
    public record RegisterPushAck() implements Named {
        public static final String ACTION = ClientMessage.RegisterPush.ACTION;

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** The ack of {@code groupDecline}. */
    public record GroupDeclineAck(String groupId) implements Named {
        public static final String ACTION = GroupActions.GroupDecline.ACTION;

        @Override
        public String action() {
            return ACTION;
        }
    }

    /** The ack of {@code heartbeat}, rendered by API Gateway (the mock route's template), without requestId. */
    public record HeartbeatAck(long serverTs) implements Named {
        public static final String ACTION = ClientMessage.Heartbeat.ACTION;

        @Override
        public String action() {
            return ACTION;
        }
    }
}

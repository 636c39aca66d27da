package dev.chatline.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.SendMessage;

/**
 * The JSON of a {@code cellCall} invocation: a send forwarded by the sender's cell ({@value #SEND}) with the
 * identity that cell authenticated, and its answer: the home cell's ack, or its refusal as the error the sender's
 * client gets.
 */
public record CellCall(String kind, String userId, String deviceId, SendMessage send) {
    public static final String SEND = "send";

    /** The answer: exactly one of {@code ack} and {@code error}. */
    public record Answer(Acks.SendMessageAck ack, Refusal error) {
        public static Answer of(Acks.SendMessageAck ack) {
            return new Answer(ack, null);
        }

        public static Answer of(ProtocolException refused) {
            return new Answer(null, Refusal.of(refused));
        }

        /** The ack, or the refusal thrown as the {@link ProtocolException} the home cell threw. */
        public Acks.SendMessageAck ackOrThrow() {
            if (error != null) {
                throw error.toException();
            }
            if (ack == null) {
                throw new IllegalStateException("cellCall answered neither an ack nor an error");
            }
            return ack;
        }

        public String toJson() {
            return Json.write(this);
        }

        public static Answer fromJson(String json) {
            return Json.read(json, Answer.class);
        }
    }

    /** A refusal: the error code's name, its message, and its optional retry hint and details. */
    public record Refusal(String code, String message, Long retryAfterMs, ObjectNode details) {
        static Refusal of(ProtocolException refused) {
            return new Refusal(refused.code().name(), refused.getMessage(), refused.retryAfterMs(),
                    refused.details());
        }

        /** The refusal as the {@link ProtocolException} the called cell threw. */
        ProtocolException toException() {
            return new ProtocolException(ErrorCode.valueOf(code), message, retryAfterMs, details);
        }
    }

    public static CellCall send(Identity sender, SendMessage message) {
        return new CellCall(SEND, sender.userId(), sender.deviceId(), message);
    }

    public Identity identity() {
        return new Identity(userId, deviceId);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static CellCall fromJson(String json) {
        CellCall call = Json.read(json, CellCall.class);
        if (!SEND.equals(call.kind()) || call.userId() == null || call.deviceId() == null || call.send() == null) {
            throw new IllegalArgumentException("incomplete cellCall request");
        }
        return call;
    }
}

package dev.chatline.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;

/**
 * The JSON of a {@code cellCall} invocation, versioned by {@code kind}: a send forwarded by the sender's cell
 * ({@value #SEND}: {@code send}) or a group action forwarded to the group's home ({@value #GROUP}: {@code action},
 * the client's frame), each with the identity that cell authenticated; and its answer: the home cell's ack or
 * frame, or its refusal as the error the caller's client gets.
 */
public record CellCall(String kind, String userId, String deviceId, SendMessage send, String action) {
    public static final String SEND = "send";
    public static final String GROUP = "group";

    /** The answer: exactly one of {@code ack} (a send), {@code frame} (a group action's reply) and {@code error}. */
    public record Answer(Acks.SendMessageAck ack, Refusal error, String frame) {
        public static Answer of(Acks.SendMessageAck ack) {
            return new Answer(ack, null, null);
        }

        public static Answer of(ServerFrame frame) {
            return new Answer(null, null, ProtocolJson.encode(frame));
        }

        public static Answer of(ProtocolException refused) {
            return new Answer(null, Refusal.of(refused), null);
        }

        /** The ack, or the refusal thrown as the {@link ProtocolException} the home cell threw. */
        public Acks.SendMessageAck ackOrThrow() {
            throwIfRefused();
            if (ack == null) {
                throw new IllegalStateException("cellCall answered neither an ack nor an error");
            }
            return ack;
        }

        /** The reply frame, or the refusal thrown as the {@link ProtocolException} the home cell threw. */
        public ServerFrame frameOrThrow() {
            throwIfRefused();
            if (frame == null) {
                throw new IllegalStateException("cellCall answered neither a frame nor an error");
            }
            return ProtocolJson.decodeFrame(frame);
        }

        private void throwIfRefused() {
            if (error != null) {
                throw error.toException();
            }
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
        return new CellCall(SEND, sender.userId(), sender.deviceId(), message, null);
    }

    public static CellCall group(Identity caller, ClientMessage action) {
        return new CellCall(GROUP, caller.userId(), caller.deviceId(), null, ProtocolJson.encode(action, null));
    }

    /** A group call's action, validated again like any client frame. */
    public ClientMessage groupAction() {
        return ProtocolJson.decode(action).message();
    }

    public Identity identity() {
        return new Identity(userId, deviceId);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static CellCall fromJson(String json) {
        CellCall call = Json.read(json, CellCall.class);
        boolean complete = SEND.equals(call.kind()) ? call.send() != null
                : GROUP.equals(call.kind()) && call.action() != null;
        if (!complete || call.userId() == null || call.deviceId() == null) {
            throw new IllegalArgumentException("incomplete cellCall request");
        }
        return call;
    }
}

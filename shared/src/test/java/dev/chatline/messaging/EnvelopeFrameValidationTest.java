package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.send.SendMessageRequest;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class EnvelopeFrameValidationTest {
    private static final String UUID = "6f1c1d2e-6b7a-4d8e-9f00-0a1b2c3d4e5f";

    private static ObjectNode frame(int envelopes) {
        ObjectNode f = Json.object();
        f.put("action", "sendMessage");
        f.put("clientMsgId", UUID);
        f.put("to", "bob");
        ArrayNode list = f.putArray("envelopes");
        for (int i = 0; i < envelopes; i++) {
            list.addObject().put("userId", "bob").put("deviceId", "d" + i).put("type", "prekey").put("body", "QUJD");
        }
        return f;
    }

    private static SendMessageRequest parse(ObjectNode f) {
        return SendMessageRequest.from(ProtocolJson.read(f.toString(), SendMessage.class));
    }

    private static void refused(ErrorCode code, String text, Consumer<ObjectNode> change) {
        ObjectNode f = frame(2);
        change.accept(f);
        assertThatThrownBy(() -> parse(f)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void envelopesReplaceTheBody() {
        SendMessageRequest r = parse(frame(2));
        assertThat(r.body()).isNull();
        assertThat(r.hasEnvelopes()).isTrue();
        assertThat(r.envelopes()).extracting(e -> e.device().key()).containsExactly("bob#d0", "bob#d1");
        assertThat(r.envelopes().get(0).payload()).isEqualTo(new Envelope.Payload("prekey", "QUJD"));
    }

    @Test
    void malformedEnvelopesAreRefusedNamingTheField() {
        refused(ErrorCode.INVALID_FIELD, "'body' must not be given", f -> f.put("body", "x"));
        refused(ErrorCode.INVALID_FIELD, "'envelopes' must be a non-empty array", f -> f.putArray("envelopes"));
        refused(ErrorCode.INVALID_FIELD, "envelopes[1].type", f -> ((ObjectNode) f.get("envelopes").get(1))
                .put("type", "plain"));
        refused(ErrorCode.MISSING_FIELD, "envelopes[0].deviceId", f -> ((ObjectNode) f.get("envelopes").get(0))
                .remove("deviceId"));
        refused(ErrorCode.INVALID_FIELD, "envelopes[0].userId", f -> ((ObjectNode) f.get("envelopes").get(0))
                .put("userId", "a#b"));
        refused(ErrorCode.INVALID_FIELD, "more than one envelope for bob/d0",
                f -> ((ObjectNode) f.get("envelopes").get(1)).put("deviceId", "d0"));
        refused(ErrorCode.INVALID_FIELD, "envelopes[0]", f -> ((ArrayNode) f.get("envelopes")).set(0, "x"));
    }

    @Test
    void groupMessagesCarryOneSenderKeyBodyNotEnvelopes() {
        refused(ErrorCode.INVALID_FIELD, "'envelopes' are for direct chats", f -> {
            f.remove("to");
            f.put("groupId", "01JWQ0V6M8Z8S5R7K3Y4X2W1V0");
        });
    }

    @Test
    void envelopeBodiesAreBoundedEachAndInTotal() {
        refused(ErrorCode.BODY_TOO_LARGE, "envelopes[0].body", f -> ((ObjectNode) f.get("envelopes").get(0))
                .put("body", "A".repeat(SendMessageRequest.MAX_BODY_BYTES + 1)));
        ObjectNode big = frame(3);
        big.get("envelopes").forEach(e -> ((ObjectNode) e).put("body", "A".repeat(50 * 1024)));
        assertThatThrownBy(() -> parse(big)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
        assertThatThrownBy(() -> parse(frame(SendMessageRequest.MAX_ENVELOPES + 1)))
                .hasMessageContaining("at most " + SendMessageRequest.MAX_ENVELOPES);
    }
}

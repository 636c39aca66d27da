package dev.chatline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {
    /** A client built against this version must still read an error frame with a code a newer server added. */
    @Test
    void anErrorWithACodeThisVersionDoesNotKnowIsStillAnErrorFrame() {
        ServerFrame frame = ProtocolJson.decodeFrame(
                "{\"type\":\"error\",\"code\":\"SOME_NEWER_CODE\",\"message\":\"not yet\",\"requestId\":\"r1\"}");
        assertThat(frame).isInstanceOfSatisfying(ServerFrame.Error.class, e -> {
            assertThat(e.code()).isNull();
            assertThat(e.message()).isEqualTo("not yet");
            assertThat(e.requestId()).isEqualTo("r1");
        });
    }


    @Test
    void unknownActionIsRefusedNamingIt() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":\"fly\",\"requestId\":\"r1\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
                    assertThat(e.getMessage()).isEqualTo("unknown action 'fly'");
                });
    }

    @Test
    void aLongUnknownActionIsEchoedShortened() {
        String action = "x".repeat(100);
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":\"" + action + "\"}"))
                .hasMessage("unknown action '" + "x".repeat(64) + "…'");
    }

    @Test
    void missingOrNonTextActionIsAFieldError() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"requestId\":\"r1\"}"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD))
                .hasMessage("missing field 'action'");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":7}"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD))
                .hasMessage("field 'action' must be a string");
    }

    @Test
    void aFrameThatIsNoJsonObjectIsInvalidJson() {
        for (String body : List.of("", "[1]", "{\"action\":\"sync\"} junk", "nope")) {
            assertThatThrownBy(() -> ProtocolJson.decode(body)).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
        }
    }

    @Test
    void aRecordsRulesGiveTheServersErrorCodes() {
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":\"receipt\",\"chatId\":\"d:a:b\","
                + "\"messageIds\":[\"m1\"]}")).hasMessage("missing field 'status'");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":\"receipt\",\"chatId\":\"d:a:b\","
                + "\"messageIds\":[\"m1\"],\"status\":\"sent\"}"))
                .hasMessage("field 'status' must be one of [delivered, read, retry]");
        assertThatThrownBy(() -> ProtocolJson.decode("{\"action\":\"groupInfo\",\"groupId\":\"a:b\"}"))
                .hasMessage("field 'groupId' must be a group id");
        assertThatThrownBy(() -> new GroupActions.GroupAdd(null, "g1", List.of()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
        assertThatThrownBy(() -> SendMessage.direct("0b6f1e9c-8c1e-4d53-9d57-2c4d2f5e8a11", "bob",
                "x".repeat(SendMessage.MAX_BODY_BYTES + 1), null))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
    }

    @Test
    void aReplyEchoesTheRequestIdAfterItsType() {
        String json = ProtocolJson.encode(new KeysFrames.KeysCount(3, 4), "k1");
        assertThat(json).isEqualTo("{\"type\":\"keysCount\",\"requestId\":\"k1\",\"preKeys\":3,\"kyberPreKeys\":4}");
        assertThat(ProtocolJson.encode(new Acks.ReceiptAck(), "r1"))
                .isEqualTo("{\"type\":\"ack\",\"requestId\":\"r1\",\"action\":\"receipt\"}");
    }

    @Test
    void anErrorFrameKeepsItsFieldOrder() {
        assertThat(ProtocolJson.encode(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down", "r1", null, 5L)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\","
                        + "\"requestId\":\"r1\",\"retryAfterMs\":5}");
    }

    @Test
    void everyClientRecordHasAReaderAndEveryReaderARecord() {
        Set<String> declared = new TreeSet<>();
        leaves(ClientMessage.class).forEach(c -> declared.add(constant(c, "ACTION")));
        assertThat(declared).isEqualTo(new TreeSet<>(ProtocolJson.actions()));
    }

    private static Stream<Class<?>> leaves(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(ProtocolJsonTest::leaves)
                : Stream.of(type);
    }

    private static String constant(Class<?> c, String name) {
        try {
            return (String) c.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(c + " has no " + name, e);
        }
    }
}

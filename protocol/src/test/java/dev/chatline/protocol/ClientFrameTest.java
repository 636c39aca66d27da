package dev.chatline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\":\"heartbeat\"} and more", "{\"action\":\"heartbeat\"}{\"action\":\"sync\"}",
            "{\"action\":\"heartbeat\"}]", "[1,2]", "\"heartbeat\"", "null", "{\"action\":", "  "})
    void anythingButExactlyOneJsonObjectIsInvalidJson(String body) {
        assertThatThrownBy(() -> ClientFrame.parse(body)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\":\"heartbeat\"}", " {\"action\":\"heartbeat\"}\n\t "})
    void oneObjectWithSurroundingWhitespaceIsAFrame(String body) {
        assertThat(ClientFrame.parse(body).action()).hasValue("heartbeat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "a\\udfff", "\\udfff\\ud800", "x\\ud83d"})
    void aStringWithAnUnpairedSurrogateIsAnInvalidField(String escaped) {
        ClientFrame frame = ClientFrame.parse("{\"action\":\"sendMessage\",\"body\":\"" + escaped + "\"}");

        assertThatThrownBy(() -> frame.string("body")).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.getMessage()).contains("'body'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud83d\\ude00", "\\u202eevil\\u200b", "plain"})
    void aStringOfWellFormedUnicodeIsAccepted(String escaped) {
        ClientFrame frame = ClientFrame.parse("{\"action\":\"sendMessage\",\"body\":\"" + escaped + "\"}");

        assertThat(frame.string("body")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "x\\udfff"})
    void aRequestIdOrClientMsgIdWithAnUnpairedSurrogateIsNotEchoed(String escaped) {
        ClientFrame frame = ClientFrame.parse("{\"action\":\"sync\",\"requestId\":\"" + escaped
                + "\",\"clientMsgId\":\"" + escaped + "\"}");

        assertThat(frame.requestId()).isEmpty();
        assertThat(frame.rawClientMsgId()).isEmpty();
    }
}

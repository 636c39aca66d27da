package dev.chatline.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import org.junit.jupiter.api.Test;

class ServerErrorExceptionTest {
    private static ServerErrorException fromWire(String json) {
        return new ServerErrorException((ServerFrame.Error) ProtocolJson.decodeFrame(json));
    }

    @Test
    void aKnownCodeIsKeptByName() {
        ServerErrorException e = fromWire("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\","
                + "\"retryAfterMs\":1500}");
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.retryAfterMs()).hasValue(1500);
    }

    /** A newer server may answer a code this client does not know: the request still fails as a server error. */
    @Test
    void aCodeThisClientDoesNotKnowFailsTheRequestAsUnknown() {
        ServerErrorException e = fromWire("{\"type\":\"error\",\"code\":\"SOME_NEWER_CODE\",\"message\":\"later\"}");
        assertThat(e.code()).isEqualTo(ServerErrorException.UNKNOWN_CODE);
        assertThat(e.getMessage()).contains("later");
        assertThat(e.frame()).isPresent();
    }
}

package dev.chatline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    @Test
    void tokenComesFromTheQueryParameter() {
        assertThat(Handshake.token(Map.of("token", JWT), Map.of())).contains(JWT);
    }

    @Test
    void tokenComesFromTheSubprotocolHeaderWhatEverItsCaseAndOrder() {
        assertThat(Handshake.token(null, Map.of("sec-websocket-protocol", "chatline.v1, " + JWT))).contains(JWT);
        assertThat(Handshake.token(Map.of(), Map.of("Sec-WebSocket-Protocol", JWT + ",chatline.v1"))).contains(JWT);
    }

    @Test
    void queryParameterWinsOverTheHeader() {
        assertThat(Handshake.token(Map.of("token", "q.q.q"), Map.of("Sec-WebSocket-Protocol", "chatline.v1, " + JWT)))
                .contains("q.q.q");
    }

    @Test
    void noTokenWhenTheHeaderOnlyNamesTheSubprotocol() {
        assertThat(Handshake.token(Map.of(), Map.of("Sec-WebSocket-Protocol", "chatline.v1"))).isEmpty();
        assertThat(Handshake.token(null, null)).isEmpty();
    }

    @Test
    void subprotocolIsRecognisedOnlyWhenOffered() {
        assertThat(Handshake.offersSubprotocol(Map.of("Sec-WebSocket-Protocol", "chatline.v1, " + JWT))).isTrue();
        assertThat(Handshake.offersSubprotocol(Map.of("Sec-WebSocket-Protocol", "other.v2"))).isFalse();
        assertThat(Handshake.offersSubprotocol(Map.of())).isFalse();
    }
}

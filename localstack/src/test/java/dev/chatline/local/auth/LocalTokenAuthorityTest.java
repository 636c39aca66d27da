package dev.chatline.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.chatline.auth.InvalidTokenException;
import dev.chatline.auth.TokenVerifier;
import dev.chatline.config.ChatConfig;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens of the local authority pass the production {@link TokenVerifier}, reading the JWKS over HTTP. */
class LocalTokenAuthorityTest {
    private static final LocalTokenAuthority AUTHORITY = new LocalTokenAuthority();
    private static HttpServer jwksServer;
    private static TokenVerifier verifier;

    @BeforeAll
    static void serveJwks() throws Exception {
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/_local/jwks.json", ex -> {
            byte[] body = AUTHORITY.jwksJson().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwksServer.start();
        verifier = TokenVerifier.fromConfig(ChatConfig.of(Map.of(
                ChatConfig.JWKS_URL, "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/_local/jwks.json",
                ChatConfig.JWT_ISSUER, LocalTokenAuthority.ISSUER,
                ChatConfig.JWT_AUDIENCE, LocalTokenAuthority.AUDIENCE)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        jwksServer.stop(0);
    }

    @Test
    void issuedTokenVerifiesToTheRequestedIdentity() throws Exception {
        String token = AUTHORITY.issue("alice", "phone-1", Duration.ofMinutes(5));

        assertThat(verifier.verify(token)).isEqualTo(new Identity("alice", "phone-1"));
    }

    @Test
    void tokenEndpointBodyAnswersAVerifiableToken() throws Exception {
        String response = AUTHORITY.tokenResponse("{\"userId\":\"bob\",\"deviceId\":\"web\"}");

        assertThat(verifier.verify(Json.read(response).get("token").asText()))
                .isEqualTo(new Identity("bob", "web"));
        assertThatThrownBy(() -> AUTHORITY.tokenResponse("{\"userId\":\"bob\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AUTHORITY.tokenResponse("{\"userId\":\"b b\",\"deviceId\":\"web\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jwksHoldsOnlyThePublicKey() {
        assertThat(AUTHORITY.jwksJson()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
    }

    @Test
    void expiredTokenIsRejected() {
        String expired = AUTHORITY.issue("carol", "phone", Duration.ofMinutes(-5));

        assertThatThrownBy(() -> verifier.verify(expired)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("Expired");
    }

    @Test
    void tokenOfAnotherAuthorityInstanceIsRejected() {
        String foreign = new LocalTokenAuthority().issue("dave", "phone", Duration.ofMinutes(5));

        assertThatThrownBy(() -> verifier.verify(foreign)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature");
    }
}

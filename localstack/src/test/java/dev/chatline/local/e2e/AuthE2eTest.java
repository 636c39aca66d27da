package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatline.auth.Handshake;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WebSocket handshake as a client app performs it: where the token goes, and what a bad token gets. */
class AuthE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static ConnectionRows rows;

    @AfterAll
    static void closeRows() {
        if (rows != null) {
            rows.close();
        }
    }

    private static ConnectionRows rows() {
        if (rows == null) {
            rows = new ConnectionRows(RUNTIME);
        }
        return rows;
    }

    @Test
    void tokenInQueryParameterConnectsAsItsUserAndDevice() throws Exception {
        try (WsTestClient client = RUNTIME.connectAs("auth-query", "phone")) {
            heartbeat(client);
            assertThat(client.subprotocol()).isEmpty();
            assertThat(rows().onlyRowOf("auth-query").deviceId()).isEqualTo("phone");
        }
    }

    @Test
    void tokenInSubprotocolListConnectsAndOnlyChatlineV1IsSelected() throws Exception {
        String jwt = RUNTIME.token("auth-browser", "web");
        try (WsTestClient client = WsTestClient.connectWithSubprotocols(RUNTIME.websocketUrl(),
                Handshake.SUBPROTOCOL, jwt)) {
            assertThat(client.subprotocol()).isEqualTo("chatline.v1");
            heartbeat(client);
            assertThat(rows().onlyRowOf("auth-browser").deviceId()).isEqualTo("web");
        }
    }

    @Test
    void queryParameterWinsOverSubprotocolToken() throws Exception {
        URI withQuery = withToken(RUNTIME.token("auth-query-wins", "phone"));
        try (WsTestClient client = WsTestClient.connectWithSubprotocols(withQuery, Handshake.SUBPROTOCOL,
                RUNTIME.token("auth-protocol-loses", "web"))) {
            assertThat(client.subprotocol()).isEqualTo("chatline.v1");
            heartbeat(client);
            assertThat(rows().onlyRowOf("auth-query-wins").deviceId()).isEqualTo("phone");
            assertThat(rows().ofUser("auth-protocol-loses")).isEmpty();
        }
    }

    @Test
    void handshakeWithoutTokenIsRefusedWith401() {
        assertThat(refusedStatus(() -> WsTestClient.connect(RUNTIME.websocketUrl(), null))).isEqualTo(401);
        assertThat(refusedStatus(() -> WsTestClient.connectWithSubprotocols(RUNTIME.websocketUrl(),
                Handshake.SUBPROTOCOL))).isEqualTo(401);
    }

    @Test
    void expiredTokenIsRefusedWith403() {
        String expired = RUNTIME.runtime().tokens().issue("auth-expired", "phone", Duration.ofMinutes(-2));

        assertThat(refusedStatus(() -> RUNTIME.connect(expired))).isEqualTo(403);
        assertThat(rows().ofUser("auth-expired")).isEmpty();
    }

    @Test
    void tokenExpiredWithinTheClockSkewStillConnects() throws Exception {
        String justExpired = RUNTIME.runtime().tokens().issue("auth-skew", "phone", Duration.ofSeconds(-5));
        try (WsTestClient client = RUNTIME.connect(justExpired)) {
            heartbeat(client);
        }
    }

    @Test
    void tokenSignedByAnotherKeyOfTheSameIssuerIsRefusedWith403() {
        String foreign = new LocalTokenAuthority().issue("auth-other-key", "phone", Duration.ofHours(1));

        assertThat(refusedStatus(() -> RUNTIME.connect(foreign))).isEqualTo(403);
        assertThat(rows().ofUser("auth-other-key")).isEmpty();
    }

    @Test
    void tokenOfAnotherIssuerIsRefusedWith403() throws Exception {
        String foreign = signedByFreshKey(new JWTClaimsSet.Builder().issuer("https://issuer.example")
                .audience(LocalTokenAuthority.AUDIENCE).subject("auth-other-issuer").claim("device_id", "phone")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());

        assertThat(refusedStatus(() -> RUNTIME.connect(foreign))).isEqualTo(403);
    }

    @Test
    void tokenWithForgedSubjectIsRefusedWith403() {
        String[] parts = RUNTIME.token("auth-mallory", "phone").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("auth-mallory", "auth-victim");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(refusedStatus(() -> RUNTIME.connect(forged))).isEqualTo(403);
        assertThat(rows().ofUser("auth-victim")).isEmpty();
    }

    @Test
    void garbageTokenIsRefusedWith403() {
        assertThat(refusedStatus(() -> RUNTIME.connect("not-a-jwt"))).isEqualTo(403);
    }

    private static URI withToken(String token) {
        return URI.create(RUNTIME.websocketUrl() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static String signedByFreshKey(JWTClaimsSet claims) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("foreign").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The HTTP status of a refused handshake, as the JDK client reports it. */
    private static int refusedStatus(Runnable connect) {
        Throwable failure = catchThrowable(connect::run);
        assertThat(failure).as("the handshake should have been refused").isNotNull();
        Throwable cause = failure.getCause();
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }
}

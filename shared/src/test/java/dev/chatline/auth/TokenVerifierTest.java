package dev.chatline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.chatline.config.ChatConfig;
import dev.chatline.auth.Identity;
import dev.chatline.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verifier fetches the issuer's JWKS over HTTP from a loopback server, as it does from Cognito. */
class TokenVerifierTest {
    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "chat-client";
    private static RSAKey trusted;
    private static RSAKey stranger;
    private static HttpServer jwksServer;
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static TokenVerifier verifier;

    @BeforeAll
    static void startJwks() throws Exception {
        trusted = new RSAKeyGenerator(2048).keyID("trusted").generate();
        stranger = new RSAKeyGenerator(2048).keyID("trusted").generate(); // same kid, other key
        byte[] jwks = new JWKSet(trusted.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, jwks.length);
            ex.getResponseBody().write(jwks);
            ex.close();
        });
        jwksServer.start();
        verifier = TokenVerifier.fromConfig(ChatConfig.of(Map.of(
                ChatConfig.JWKS_URL, "http://127.0.0.1:" + jwksServer.getAddress().getPort()
                        + "/.well-known/jwks.json",
                ChatConfig.JWT_ISSUER, ISSUER,
                ChatConfig.JWT_AUDIENCE, AUDIENCE)), CLOCK);
    }

    @AfterAll
    static void stopJwks() {
        jwksServer.stop(0);
    }

    private static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> customize) throws Exception {
        Instant now = CLOCK.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .claim("device_id", "phone-1").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
        customize.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String token(Consumer<JWTClaimsSet.Builder> customize) throws Exception {
        return token(trusted, customize);
    }

    private static void assertRejected(String token, String reasonPart) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(reasonPart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    @Test
    void validTokenYieldsUserAndDevice() throws Exception {
        assertThat(verifier.verify(token(c -> { }))).isEqualTo(new Identity("alice", "phone-1"));
    }

    @Test
    void cognitoAccessTokenWithClientIdInsteadOfAudienceIsAccepted() throws Exception {
        String cognitoStyle = token(c -> c.audience((String) null).claim("client_id", AUDIENCE)
                .claim("token_use", "access"));

        assertThat(verifier.verify(cognitoStyle).userId()).isEqualTo("alice");
    }

    @Test
    void expiredTokenIsRejectedAfterTheClockSkew() throws Exception {
        String expired = token(c -> c.expirationTime(Date.from(CLOCK.instant().minusSeconds(60))));
        String withinSkew = token(c -> c.expirationTime(Date.from(CLOCK.instant().minusSeconds(10))));

        assertRejected(expired, "Expired JWT");
        assertThat(verifier.verify(withinSkew).userId()).isEqualTo("alice");
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        assertRejected(token(c -> c.issuer("https://evil.test")), "rejected claims");
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        assertRejected(token(c -> c.audience("other-app")), "audience");
        assertRejected(token(c -> c.audience((String) null).claim("client_id", "other-app")), "audience");
    }

    @Test
    void signatureByAnotherKeyIsRejected() throws Exception {
        assertRejected(token(stranger, c -> { }), "signature");
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = token(c -> { }).split("\\.");
        String otherPayload = token(c -> c.subject("mallory")).split("\\.")[1];

        assertRejected(parts[0] + "." + otherPayload + "." + parts[2], "signature");
    }

    @Test
    void missingOrInvalidDeviceClaimIsRejected() throws Exception {
        assertRejected(token(c -> c.claim("device_id", null)), "missing claim device_id");
        assertRejected(token(c -> c.claim("device_id", "has space")), "not a valid id");
        assertRejected(token(c -> c.subject("a/b")), "claim sub");
    }

    @Test
    void tokenWithoutDeviceClaimTakesTheDeviceIdParameter() throws Exception {
        String noDevice = token(c -> c.claim("device_id", null));
        assertThat(verifier.verify(noDevice, Optional.of("tablet-2")))
                .isEqualTo(new Identity("alice", "tablet-2"));
        assertThatThrownBy(() -> verifier.verify(noDevice, Optional.of("bad id")))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("deviceId parameter");
    }

    @Test
    void deviceClaimWinsOverTheDeviceIdParameter() throws Exception {
        assertThat(verifier.verify(token(c -> { }), Optional.of("someone-elses")))
                .isEqualTo(new Identity("alice", "phone-1"));
    }

    @Test
    void garbageIsRejectedAsMalformed() {
        assertRejected("not-a-jwt", "malformed");
    }
}

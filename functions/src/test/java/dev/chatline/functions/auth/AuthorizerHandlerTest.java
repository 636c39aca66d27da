package dev.chatline.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatline.auth.TokenVerifier;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthorizerHandlerTest {
    private static final String ARN = "arn:aws:execute-api:us-east-1:000000000000:k3x9q2m7ab/dev/$connect";
    private static RSAKey key;
    private static AuthorizerHandler handler;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        handler = new AuthorizerHandler(new TokenVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                "iss", "aud", "device_id", Clock.systemUTC()));
    }

    private static String token(Duration validFor) throws Exception {
        return token(validFor, "phone-1");
    }

    private static String token(Duration validFor, String deviceClaim) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("iss").audience("aud").subject("alice")
                        .claim("device_id", deviceClaim).expirationTime(Date.from(now.plus(validFor))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The policy as the Lambda runtime serializes it for API Gateway. */
    private static JsonNode wire(IamPolicyResponseV1 policy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(IamPolicyResponseV1.class, AuthorizerHandlerTest.class.getClassLoader())
                .toJson(policy, out);
        return Json.read(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void validQueryTokenIsAllowedWithTheIdentityInTheContext() throws Exception {
        JsonNode policy = wire(handler.handleRequest(
                WsEvents.authorizer(Map.of("token", token(Duration.ofMinutes(5))), Map.of()), null));

        assertThat(policy.get("principalId").asText()).isEqualTo("alice");
        JsonNode statement = policy.at("/policyDocument/Statement/0");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(statement.get("Resource").get(0).asText()).isEqualTo(ARN);
        assertThat(policy.get("context").get("userId").asText()).isEqualTo("alice");
        assertThat(policy.get("context").get("deviceId").asText()).isEqualTo("phone-1");
    }

    @Test
    void tokenWithoutDeviceClaimUsesTheDeviceIdParameter() throws Exception {
        JsonNode policy = wire(handler.handleRequest(WsEvents.authorizer(
                Map.of("token", token(Duration.ofMinutes(5), null), "deviceId", "tablet"), Map.of()), null));

        assertThat(policy.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(policy.get("context").get("userId").asText()).isEqualTo("alice");
        assertThat(policy.get("context").get("deviceId").asText()).isEqualTo("tablet");
    }

    @Test
    void tokenInTheSubprotocolHeaderIsAllowed() throws Exception {
        IamPolicyResponseV1 policy = handler.handleRequest(WsEvents.authorizer(Map.of(),
                Map.of("Sec-WebSocket-Protocol", "chatline.v1, " + token(Duration.ofMinutes(5)))), null);

        assertThat(wire(policy).at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(policy.getContext()).containsEntry("userId", "alice");
    }

    @Test
    void expiredTokenIsDeniedWithoutContext() throws Exception {
        JsonNode policy = wire(handler.handleRequest(
                WsEvents.authorizer(Map.of("token", token(Duration.ofMinutes(-5))), Map.of()), null));

        assertThat(policy.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(policy.has("context")).isFalse();
    }

    @Test
    void missingTokenIsUnauthorized() {
        assertThatThrownBy(() -> handler.handleRequest(WsEvents.authorizer(Map.of(),
                Map.of("Sec-WebSocket-Protocol", "chatline.v1")), null))
                .isInstanceOf(RuntimeException.class).hasMessage("Unauthorized");
    }
}

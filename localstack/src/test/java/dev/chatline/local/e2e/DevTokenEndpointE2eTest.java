package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local runtime's development endpoints {@code POST /_local/token} and {@code GET /_local/jwks.json}. */
class DevTokenEndpointE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void postedTokenConnectsAsTheRequestedUserAndDevice() throws Exception {
        HttpResponse<String> response = postToken("{\"userId\":\"dora\",\"deviceId\":\"laptop\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        String token = Json.read(response.body()).path("token").asText();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("dora");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("device_id")).isEqualTo("laptop");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(LocalTokenAuthority.ISSUER);
        try (WsTestClient client = RUNTIME.connect(token); ConnectionRows rows = new ConnectionRows(RUNTIME)) {
            heartbeat(client);
            assertThat(rows.onlyRowOf("dora").deviceId()).isEqualTo("laptop");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"userId\":\"dora\"}", "{\"userId\":\"dora\",\"deviceId\":7}",
            "{\"userId\":\"dora smith\",\"deviceId\":\"laptop\"}", "{\"userId\":\"dora\",\"deviceId\":\"\"}"})
    void badTokenRequestIsRefusedWith400(String body) throws Exception {
        HttpResponse<String> response = postToken(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.read(response.body()).path("message").asText()).isNotBlank();
    }

    @Test
    void jwksHoldsOnlyThePublicKeyThatSignsIssuedTokens() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(RUNTIME.runtime()
                .devUrl("jwks.json"))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet keys = JWKSet.parse(response.body());
        assertThat(keys.getKeys()).hasSize(1);
        RSAKey key = keys.getKeys().get(0).toRSAKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(Json.read(response.body()).path("keys").get(0).has("d")).isFalse();
        SignedJWT issued = SignedJWT.parse(RUNTIME.token("dora", "tablet"));
        assertThat(issued.getHeader().getKeyID()).isEqualTo(key.getKeyID());
        assertThat(issued.verify(new RSASSAVerifier(key))).isTrue();
    }

    @Test
    void otherMethodsAndPathsAreNotFound() throws Exception {
        HttpResponse<String> getToken = HTTP.send(HttpRequest.newBuilder(URI.create(RUNTIME.runtime()
                .devUrl("token"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(RUNTIME.runtime()
                .devUrl("users"))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(getToken.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode body = Json.read(unknown.body());
        assertThat(body.path("message").asText()).isEqualTo("Not Found");
    }

    private static HttpResponse<String> postToken(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RUNTIME.runtime().devUrl("token")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

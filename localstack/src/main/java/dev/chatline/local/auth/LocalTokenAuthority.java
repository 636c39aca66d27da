package dev.chatline.local.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatline.auth.TokenVerifier;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * The local runtime's stand-in for an identity provider (Cognito on AWS): an RS256 key pair generated at startup,
 * its public JWKS, and tokens for any (userId, deviceId). The local runtime serves {@code GET /_local/jwks.json}
 * ({@link #jwksJson()}) and {@code POST /_local/token} ({@link #tokenResponse(String)}) and points
 * {@code CHATLINE_JWKS_URL} at the former, so the handshake runs the same {@link TokenVerifier} as on AWS with
 * issuer {@value #ISSUER} and audience {@value #AUDIENCE}. For local development only: anybody may get a token.
 */
public final class LocalTokenAuthority {
    public static final String ISSUER = "chatline-local";
    public static final String AUDIENCE = "chatline";
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    /** The claim naming the user's home cell (docs/scaling.md, "Cells"; docs/client.md). */
    public static final String CELL_CLAIM = "cell";

    private final RSAKey key;
    private final RSASSASigner signer;
    private final Clock clock;

    public LocalTokenAuthority() {
        this(Clock.systemUTC());
    }

    public LocalTokenAuthority(Clock clock) {
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("local-" + UUID.randomUUID()).generate();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the local signing key", e);
        }
    }

    /** The public key set, as served at {@code /_local/jwks.json}. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A signed access token for the identity, valid for {@code ttl}, with the default device claim. */
    public String issue(String userId, String deviceId, Duration ttl) {
        return issue(userId, deviceId, ttl, Optional.empty());
    }

    /**
     * A signed access token for the identity, valid for {@code ttl}, with the default device claim and, when
     * {@code cell} is present, the {@value #CELL_CLAIM} claim naming the user's home cell.
     */
    public String issue(String userId, String deviceId, Duration ttl, Optional<String> cell) {
        Identity identity = new Identity(userId, deviceId); // validates both ids
        Instant now = clock.instant();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        cell.ifPresent(c -> builder.claim(CELL_CLAIM, c));
        JWTClaimsSet claims = builder
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(identity.userId())
                .claim(TokenVerifier.DEFAULT_DEVICE_CLAIM, identity.deviceId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Body of {@code POST /_local/token}: {@code {"userId","deviceId"}} → {@code {"token"}} (valid
     * {@link #DEFAULT_TTL}); with {@code "cell":"a"} also, the token carries that {@value #CELL_CLAIM} claim.
     *
     * @throws IllegalArgumentException when the body is not JSON or an id is missing or invalid (answer 400)
     */
    public String tokenResponse(String requestJson) {
        JsonNode request = Json.read(requestJson == null ? "" : requestJson);
        if (request == null || !request.path("userId").isTextual() || !request.path("deviceId").isTextual()) {
            throw new IllegalArgumentException("expected {\"userId\":\"...\",\"deviceId\":\"...\"}");
        }
        JsonNode cell = request.path(CELL_CLAIM);
        if (!cell.isMissingNode() && !(cell.isTextual() && cell.asText().matches("[a-z0-9]{1,12}"))) {
            throw new IllegalArgumentException("cell must be 1 to 12 of [a-z0-9]");
        }
        String token = issue(request.get("userId").asText(), request.get("deviceId").asText(), DEFAULT_TTL,
                cell.isTextual() ? Optional.of(cell.asText()) : Optional.empty());
        return Json.write(Json.object().put("token", token));
    }
}

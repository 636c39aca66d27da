package dev.chatline.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.ClientFrame;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the access token of a WebSocket handshake and yields the caller's {@link Identity}.
 *
 * <p>Checks, in order: a compact JWS signed with RS256 or ES256 by a key of the issuer's JWKS (fetched from
 * {@code CHATLINE_JWKS_URL}, cached and refreshed by nimbus, re-fetched when an unknown {@code kid} appears);
 * {@code exp} in the future and {@code nbf} in the past, with {@link #CLOCK_SKEW_SECONDS} of tolerance;
 * {@code iss} equal to {@code CHATLINE_JWT_ISSUER}; the audience {@code CHATLINE_JWT_AUDIENCE} in {@code aud}
 * <b>or</b> in {@code client_id} (Cognito access tokens carry no {@code aud}, only {@code client_id}; Cognito ID
 * tokens and most other issuers use {@code aud}); {@code sub} = user id and the device claim (default
 * {@code device_id}, {@code CHATLINE_JWT_DEVICE_CLAIM}) both matching {@link ClientFrame#ID}. The same code runs on
 * AWS (e.g. a Cognito user pool) and locally (the local token authority's JWKS).
 */
public final class TokenVerifier {
    public static final int CLOCK_SKEW_SECONDS = 30;
    public static final String DEFAULT_DEVICE_CLAIM = "device_id";
    static final String CLIENT_ID_CLAIM = "client_id";

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String audience;
    private final String deviceClaim;

    public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, String deviceClaim,
                         Clock clock) {
        this.audience = audience;
        this.deviceClaim = deviceClaim;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iss")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** From {@code CHATLINE_JWKS_URL}, {@code CHATLINE_JWT_ISSUER}, {@code CHATLINE_JWT_AUDIENCE}, device claim. */
    public static TokenVerifier fromConfig(ChatConfig config, Clock clock) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(config.require(ChatConfig.JWKS_URL)).toURL())
                    .retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("invalid " + ChatConfig.JWKS_URL, e);
        }
        return new TokenVerifier(keys, config.require(ChatConfig.JWT_ISSUER), config.require(ChatConfig.JWT_AUDIENCE),
                config.get(ChatConfig.JWT_DEVICE_CLAIM).orElse(DEFAULT_DEVICE_CLAIM), clock);
    }

    /**
     * @throws InvalidTokenException with a loggable reason (never the token)
     */
    public Identity verify(String token) throws InvalidTokenException {
        return verify(token, Optional.empty());
    }

    /**
     * Verifies the token. The user is always the token's {@code sub}. The device is the token's device claim; only
     * when the token has none (a plain Cognito ID token, say) is it the client's {@code deviceId} handshake
     * parameter: a label the authenticated user gives one of their own devices. Operators who want device ids bound
     * to credentials add the claim (with Cognito: a pre-token-generation trigger); then the parameter is ignored.
     *
     * @param requestedDeviceId the {@code deviceId} query parameter of the handshake, if any
     * @throws InvalidTokenException with a loggable reason (never the token)
     */
    public Identity verify(String token, Optional<String> requestedDeviceId) throws InvalidTokenException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        } catch (BadJWTException e) {
            throw new InvalidTokenException("rejected claims: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("bad signature or key: " + e.getMessage());
        } catch (JOSEException e) {
            throw new InvalidTokenException("verification failed: " + e.getMessage());
        }
        checkAudience(claims);
        String userId = id(claims, "sub");
        if (claims.getClaim(deviceClaim) == null && requestedDeviceId.isPresent()) {
            String device = requestedDeviceId.get();
            if (!ClientFrame.ID.matcher(device).matches()) {
                throw new InvalidTokenException("deviceId parameter is not a valid id");
            }
            return new Identity(userId, device);
        }
        return new Identity(userId, id(claims, deviceClaim));
    }

    private void checkAudience(JWTClaimsSet claims) throws InvalidTokenException {
        List<String> aud = claims.getAudience();
        if (aud != null && aud.contains(audience)) {
            return;
        }
        Object clientId = claims.getClaim(CLIENT_ID_CLAIM);
        if (audience.equals(clientId)) {
            return;
        }
        throw new InvalidTokenException("audience not accepted");
    }

    private static String id(JWTClaimsSet claims, String name) throws InvalidTokenException {
        Object value = claims.getClaim(name);
        if (!(value instanceof String s)) {
            throw new InvalidTokenException("missing claim " + name);
        }
        if (!ClientFrame.ID.matcher(s).matches()) {
            throw new InvalidTokenException("claim " + name + " is not a valid id");
        }
        return s;
    }
}

package dev.chatline.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies a built-in token once, for SnapStart priming: parses a key set as a JWKS fetch would, then runs the whole
 * verification (RS256 signature, claims, audience, ids) of a token signed with it. The key is a throwaway made for
 * this purpose (only its public half is here); it is never trusted by a real verifier. Nothing is fetched.
 */
public final class TokenPriming {
    private static final String KEYS =
            "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"use\":\"sig\",\"kid\":\"prime\",\"alg\":\"RS256\","
            + "\"n\":\"0rGmqu6ji0Xvo_3o8brvqDbT7knqDfwAMtoJ3bJfjwmbZvGEElSi5Tdz6I4GVWpCYy2N06zlGJ_TqV5qWApbRf7c0"
            + "VbF55OYLlDiTJAsAGRRnmn638Ffg-qwyLp-b00k6a1F3zi2QlF1nGwcsEfr8R68ohvFFEAv-Z6GBriajrJ9Pu3YGZOFX1JPC"
            + "BOb-K_5-X0NvFCyCo24h0fy6TxeVRGpZupmXB4dS7EPupPQTk7aEGegj7JnhztMr97C_t2YFpklpgiDdhTqB8K2pdbOVaZi6"
            + "cKAlOmukDcAUPIXM6UY3L4XIcqeJVclt_1n5oIJQUhjMY-g2XaG3f4BVwtJ4Q\"}]}";
    /** iss, aud, sub and device_id "prime"; expires in 2100. */
    private static final String TOKEN =
            "eyJraWQiOiJwcmltZSIsInR5cCI6IkpXVCIsImFsZyI6IlJTMjU2In0.eyJhdWQiOiJwcmltZSIsInN1YiI6InByaW1lIiwi"
            + "ZGV2aWNlX2lkIjoicHJpbWUiLCJpc3MiOiJwcmltZSIsImV4cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzM1Njg5NjAwfQ.dFY0B"
            + "Xp9V6kyyEQcEKGNjOxhTaK0LuTC-_Hx6nm_kIiUSog72OYyTcTO0erE6uw9OKtMrm1qgun9JWyM7rRJjqDmPsjQoCtiu-SGd"
            + "zBJDLS_AyVe0WjylQDF72-kd_6ZDRfuaUHcAiFuFG9xmSl7g-80uL3BQWf2lBusgf1pCV2yisO0v4KR78S_0FmoflggckR0_"
            + "8suirNkxbwq-6n_gxc-LddIwgMnJpj-t8ni4AZMzHdc9Kw8kJpvfoNr318FaomPUWEh4sxAPH3s8aQNkRnCgwAzB4YEDEIyy"
            + "wn3yFhtHRJ1bEVKcRjlGNLA_NDRpDVzEUuo54wH-iEocK7sfQ";
    private static final String PRIME = "prime";

    private TokenPriming() {
    }

    /**
     * @throws IllegalStateException if the built-in token does not verify (the verification code changed)
     */
    public static void prime(Clock clock) {
        try {
            TokenVerifier verifier = new TokenVerifier(new ImmutableJWKSet<SecurityContext>(JWKSet.parse(KEYS)),
                    PRIME, PRIME, TokenVerifier.DEFAULT_DEVICE_CLAIM, clock);
            verifier.verify(TOKEN, Optional.empty());
        } catch (ParseException | InvalidTokenException e) {
            throw new IllegalStateException("the built-in priming token did not verify", e);
        }
    }
}

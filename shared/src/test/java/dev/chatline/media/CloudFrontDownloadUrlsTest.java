package dev.chatline.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFrontDownloadUrlsTest {

    @Test
    void signsACannedPolicyForTheObjectThatTheKeyGroupsPublicKeyVerifies() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        CloudFrontDownloadUrls urls = new CloudFrontDownloadUrls("d111111abcdef8.cloudfront.net", "K2JCJMDEHXQW5F",
                keys.getPrivate(), Duration.ofMinutes(5), clock);

        DownloadUrls.SignedUrl signed = urls.get("m/Xq3vN0pRk2LmT8wYc1ZbAg");

        URI url = signed.url();
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("d111111abcdef8.cloudfront.net");
        assertThat(url.getPath()).isEqualTo("/m/Xq3vN0pRk2LmT8wYc1ZbAg");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        long expires = clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond();
        assertThat(query).containsEntry("Expires", Long.toString(expires))
                .containsEntry("Key-Pair-Id", "K2JCJMDEHXQW5F");
        assertThat(signed.expiresAt()).isEqualTo(Instant.ofEpochSecond(expires));

        String policy = "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/m/Xq3vN0pRk2LmT8wYc1ZbAg"
                + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
        Signature verifier = Signature.getInstance("SHA1withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(policy.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Base64.getDecoder().decode(query.get("Signature")
                .replace('-', '+').replace('_', '=').replace('~', '/'));
        assertThat(verifier.verify(signature)).isTrue();
    }
}

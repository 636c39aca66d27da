package dev.chatline.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.model.CannedSignerRequest;

/**
 * Download URLs through the media CloudFront distribution, signed with a canned policy by a key of the
 * distribution's trusted key group. The private key (PEM) is held in memory only; it is never logged.
 */
public final class CloudFrontDownloadUrls implements DownloadUrls {
    private final CloudFrontUtilities utilities = CloudFrontUtilities.create();
    private final String domain;
    private final String keyPairId;
    private final java.security.PrivateKey privateKey;
    private final Duration ttl;
    private final Clock clock;

    public CloudFrontDownloadUrls(String domain, String keyPairId, java.security.PrivateKey privateKey, Duration ttl,
                                  Clock clock) {
        this.domain = domain;
        this.keyPairId = keyPairId;
        this.privateKey = privateKey;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public DownloadUrls.SignedUrl get(String objectKey) {
        Instant expiresAt = clock.instant().plus(ttl);
        software.amazon.awssdk.services.cloudfront.url.SignedUrl signed = utilities.getSignedUrlWithCannedPolicy(CannedSignerRequest.builder()
                .resourceUrl("https://" + domain + "/" + objectKey)
                .privateKey(privateKey)
                .keyPairId(keyPairId)
                .expirationDate(expiresAt)
                .build());
        return new DownloadUrls.SignedUrl(java.net.URI.create(signed.url()), expiresAt);
    }
}

package dev.chatline.media;

import java.net.URI;
import java.time.Instant;

/**
 * Where a client downloads a media object from: presigned S3 GET URLs ({@link S3MediaUrls}) locally and by
 * default, CloudFront signed URLs ({@link CloudFrontDownloadUrls}) when a distribution key is configured.
 */
public interface DownloadUrls {

    record SignedUrl(URI url, Instant expiresAt) {
    }

    SignedUrl get(String objectKey);
}

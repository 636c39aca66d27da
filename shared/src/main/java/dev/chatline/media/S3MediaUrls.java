package dev.chatline.media;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned S3 URLs for the media bucket (SigV4, path-style on an endpoint override). The PUT signs
 * {@code Content-Type}, {@code Content-Length} and {@code x-amz-checksum-sha256}, so S3 refuses any other type,
 * length or content; the GET is a plain presigned download.
 */
public final class S3MediaUrls implements UploadUrls, DownloadUrls {
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration ttl;
    private final Clock clock;

    public S3MediaUrls(S3Presigner presigner, String bucket, Duration ttl, Clock clock) {
        this.presigner = presigner;
        this.bucket = bucket;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public PresignedRequest put(String objectKey, String contentType, long size, String sha256Base64) {
        PresignedPutObjectRequest p = presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(o -> o.bucket(bucket).key(objectKey).contentType(contentType)
                        .contentLength(size).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumSHA256(sha256Base64)));
        Map<String, String> headers = new LinkedHashMap<>();
        p.signedHeaders().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedRequest(toUri(p.url()), headers, clock.instant().plus(ttl));
    }

    @Override
    public SignedUrl get(String objectKey) {
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(o -> o.bucket(bucket).key(objectKey)));
        return new SignedUrl(toUri(p.url()), clock.instant().plus(ttl));
    }

    private static URI toUri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("presigner returned an invalid URL", e);
        }
    }
}

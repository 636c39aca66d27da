package dev.chatline.media;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Presigns the one PUT a client may make for a new media object. */
public interface UploadUrls {

    /**
     * A presigned PUT: the client sends exactly {@code headers} with the body.
     *
     * @param expiresAt when the URL stops working
     */
    record PresignedRequest(URI url, Map<String, String> headers, Instant expiresAt) {
    }

    /** A PUT of {@code objectKey} bound to exactly this content type, length and SHA-256 checksum. */
    PresignedRequest put(String objectKey, String contentType, long size, String sha256Base64);
}

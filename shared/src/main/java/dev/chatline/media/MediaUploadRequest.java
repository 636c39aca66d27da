package dev.chatline.media;

import dev.chatline.protocol.ClientMessage.MediaUpload;
import java.util.Locale;

/**
 * A {@code mediaUpload} as the media service works with it, built by it from the record ({@link MediaUpload}, whose
 * rules these are): the content type (an allowed one), the exact size in bytes (1 to the kind's limit) and the
 * SHA-256 of the bytes that will be uploaded (the ciphertext), base64 as S3 expects it.
 */
public record MediaUploadRequest(String contentType, MediaKind kind, long size, String sha256) {
    /** The upload of a decoded {@code mediaUpload}: MEDIA_TYPE_NOT_ALLOWED / MEDIA_TOO_LARGE past its kind's rules. */
    public static MediaUploadRequest from(MediaUpload m) {
        String contentType = m.contentType().toLowerCase(Locale.ROOT);
        MediaKind kind = MediaKind.of(contentType);
        kind.checkSize(m.size());
        return new MediaUploadRequest(contentType, kind, m.size(), m.sha256());
    }
}

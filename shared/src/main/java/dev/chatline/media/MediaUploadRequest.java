package dev.chatline.media;

import dev.chatline.protocol.ClientFrame;
import java.util.Base64;
import java.util.Locale;

/**
 * A validated {@code mediaUpload} frame: the content type (an allowed one), the exact size in bytes (1 to the
 * kind's limit) and the SHA-256 of the bytes that will be uploaded (the ciphertext), base64 as S3 expects it.
 */
public record MediaUploadRequest(String contentType, MediaKind kind, long size, String sha256) {
    private static final int SHA256_BYTES = 32;

    public static MediaUploadRequest parse(ClientFrame frame) {
        String contentType = frame.string("contentType").toLowerCase(Locale.ROOT);
        MediaKind kind = MediaKind.of(contentType);
        long size = frame.optLong("size", 1, Long.MAX_VALUE).orElseThrow(() -> ClientFrame.missing("size"));
        kind.checkSize(size);
        String sha256 = frame.string("sha256");
        if (!isSha256Base64(sha256)) {
            throw ClientFrame.invalid("sha256", "must be the base64 SHA-256 digest (44 characters) of the upload");
        }
        return new MediaUploadRequest(contentType, kind, size, sha256);
    }

    private static boolean isSha256Base64(String s) {
        if (s.length() != 44) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(s).length == SHA256_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

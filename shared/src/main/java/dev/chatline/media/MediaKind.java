package dev.chatline.media;

import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of media a client may upload, with their allowed content types and size limits (documented in
 * docs/protocol.md). The content type names the plaintext kind; the stored object is the client's ciphertext.
 */
public enum MediaKind {
    IMAGE(16L * 1024 * 1024, Set.of("image/jpeg", "image/png", "image/webp", "image/gif", "image/heic")),
    VOICE(16L * 1024 * 1024, Set.of("audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr",
            "audio/webm")),
    VIDEO(100L * 1024 * 1024, Set.of("video/mp4", "video/quicktime", "video/webm", "video/3gpp"));

    private final long maxBytes;
    private final Set<String> contentTypes;

    MediaKind(long maxBytes, Set<String> contentTypes) {
        this.maxBytes = maxBytes;
        this.contentTypes = contentTypes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Set<String> contentTypes() {
        return contentTypes;
    }

    /** The kind of an allowed content type (case-insensitive), else {@link ErrorCode#MEDIA_TYPE_NOT_ALLOWED}. */
    public static MediaKind of(String contentType) {
        String normalized = contentType.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.contentTypes.contains(normalized)).findFirst()
                .orElseThrow(() -> new ProtocolException(ErrorCode.MEDIA_TYPE_NOT_ALLOWED,
                        "content type '" + abbreviate(contentType) + "' is not allowed for media"));
    }

    /** Refuses a size above this kind's limit with {@link ErrorCode#MEDIA_TOO_LARGE}. */
    public void checkSize(long size) {
        if (size > maxBytes) {
            throw new ProtocolException(ErrorCode.MEDIA_TOO_LARGE, name().toLowerCase(Locale.ROOT)
                    + " media may have at most " + maxBytes + " bytes");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}

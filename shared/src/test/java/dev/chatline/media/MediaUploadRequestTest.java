package dev.chatline.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.protocol.ClientMessage.MediaUpload;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import org.junit.jupiter.api.Test;

class MediaUploadRequestTest {
    private static final String DIGEST = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";

    private static MediaUploadRequest parse(String contentType, long size, String sha256) {
        return MediaUploadRequest.from(ProtocolJson.read("{\"action\":\"mediaUpload\",\"contentType\":\""
                + contentType + "\",\"size\":" + size + ",\"sha256\":\"" + sha256 + "\"}", MediaUpload.class));
    }

    private static ErrorCode refusal(String contentType, long size, String sha256) {
        try {
            parse(contentType, size, sha256);
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void eachKindIsLimitedToItsOwnSize() {
        assertThat(parse("image/jpeg", 16L * 1024 * 1024, DIGEST).kind()).isEqualTo(MediaKind.IMAGE);
        assertThat(parse("audio/ogg", 16L * 1024 * 1024, DIGEST).kind()).isEqualTo(MediaKind.VOICE);
        assertThat(parse("video/mp4", 100L * 1024 * 1024, DIGEST).kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(refusal("image/jpeg", 16L * 1024 * 1024 + 1, DIGEST)).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
        assertThat(refusal("audio/ogg", 16L * 1024 * 1024 + 1, DIGEST)).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
        assertThat(refusal("video/mp4", 100L * 1024 * 1024 + 1, DIGEST)).isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
    }

    @Test
    void contentTypesOutsideTheListAreRefusedAndCaseDoesNotMatter() {
        assertThat(refusal("text/html", 10, DIGEST)).isEqualTo(ErrorCode.MEDIA_TYPE_NOT_ALLOWED);
        assertThat(refusal("application/octet-stream", 10, DIGEST)).isEqualTo(ErrorCode.MEDIA_TYPE_NOT_ALLOWED);
        assertThat(parse("Image/PNG", 10, DIGEST).contentType()).isEqualTo("image/png");
    }

    @Test
    void sizeAndDigestAreValidated() {
        assertThat(refusal("image/png", 0, DIGEST)).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal("image/png", 10, "abc")).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refusal("image/png", 10, DIGEST.replace('n', '*'))).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThatThrownBy(() -> ProtocolJson.read(
                "{\"contentType\":\"image/png\",\"sha256\":\"" + DIGEST + "\"}", MediaUpload.class))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
    }
}

package dev.chatline.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chatline.client.store.LocalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a message says, before encryption (the server never sees it): a text, and optionally a reference to an
 * encrypted media object with the key and digest needed to fetch and decrypt it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Content(String text, MediaRef media, String resendOf) {
    /** A text and/or media reference. */
    public Content(String text, MediaRef media) {
        this(text, media, null);
    }

    /**
     * The same content sent again after a retry receipt: {@code resendOf} names the message the asking device could
     * not decrypt (a device that did decrypt it drops the copy).
     */
    public Content asResendOf(String messageId) {
        return new Content(text, media, messageId);
    }

    /** An uploaded, encrypted media object: {@code key} and {@code sha256} (of the uploaded bytes) are base64. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaRef(String mediaId, String contentType, long size, String key, String sha256, String fileName) {
    }

    public static Content text(String text) {
        return new Content(text, null);
    }

    public byte[] toBytes() {
        return LocalJson.write(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses decrypted bytes; a sender that sent something else is an {@link IllegalArgumentException}. */
    public static Content fromBytes(byte[] plaintext) {
        try {
            return LocalJson.MAPPER.readValue(plaintext, Content.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("decrypted content is not a chatline message", e);
        }
    }
}

package dev.chatline.client.store;

import java.util.Base64;

/** Standard base64 with padding: the encoding of every binary value on the wire and in the local store. */
public final class B64 {
    private B64() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes standard base64; a malformed value is an {@link IllegalArgumentException}. */
    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }
}

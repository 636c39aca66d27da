package dev.chatline.client.media;

import dev.chatline.client.Content.MediaRef;
import dev.chatline.client.media.MediaCrypto.MediaIntegrityException;
import dev.chatline.client.store.B64;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Moves encrypted media through the server's presigned URLs: {@code mediaUpload} (content type, size and SHA-256 of
 * the ciphertext) returns a PUT URL bound to exactly that object, the client PUTs the ciphertext; a receiver asks
 * {@code mediaDownload} for a GET URL, downloads and decrypts. Only ciphertext ever reaches the server or S3.
 */
public final class MediaTransfer {
    /** Headers {@link HttpClient} sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Encrypts and uploads {@code plaintext}; the returned reference (with key and digest) goes in the message. */
    public MediaRef upload(ChatSocket socket, byte[] plaintext, String contentType, String fileName) {
        MediaCrypto.Encrypted encrypted = MediaCrypto.encrypt(plaintext);
        ServerFrame.MediaUpload grant = socket.call(new ClientMessage.MediaUpload(contentType,
                (long) encrypted.ciphertext().length, B64.encode(encrypted.sha256())), ServerFrame.MediaUpload.class);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(grant.url()))
                .timeout(Duration.ofMinutes(2))
                .method(grant.method() == null ? "PUT" : grant.method(),
                        HttpRequest.BodyPublishers.ofByteArray(encrypted.ciphertext()));
        if (grant.headers() != null) {
            grant.headers().forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    put.header(name, value);
                }
            });
        }
        HttpResponse<String> response = send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("media upload refused: HTTP " + response.statusCode());
        }
        return new MediaRef(grant.mediaId(), contentType, plaintext.length,
                B64.encode(encrypted.key()), B64.encode(encrypted.sha256()), fileName);
    }

    /** Downloads and decrypts; a changed object fails the digest or authentication check. */
    public byte[] download(ChatSocket socket, MediaRef media) throws MediaIntegrityException {
        ServerFrame.MediaDownload grant = socket.call(new ClientMessage.MediaDownload(media.mediaId()),
                ServerFrame.MediaDownload.class);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(grant.url()))
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("media download failed: HTTP " + response.statusCode());
        }
        return MediaCrypto.decrypt(response.body(), B64.decode(media.key()), B64.decode(media.sha256()));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException("media transfer failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

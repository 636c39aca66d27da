package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.aws.S3Clients;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientMessage.MediaDownload;
import dev.chatline.protocol.ClientMessage.MediaUpload;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.schema.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Media through S3 (moto): a presigned PUT, a message naming the media, a presigned GET for chat members only,
 * over real HTTP.
 */
class MediaE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void uploadThroughThePresignedUrlAndDownloadByAChatMember() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        byte[] blob = randomBytes(200_000); // stands for the client's ciphertext
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            ServerFrame.MediaUpload upload = alicePhone.call(upload("image/jpeg", blob), ServerFrame.MediaUpload.class);
            String mediaId = upload.mediaId();
            assertThat(upload.method()).isEqualTo("PUT");
            assertThat(upload.url()).contains("/" + bucket() + "/").contains("X-Amz-Signature");
            assertThat(upload.headers()).containsEntry("content-type", "image/jpeg")
                    .containsEntry("x-amz-checksum-sha256", sha256(blob));
            assertThat(put(upload, blob).statusCode()).isEqualTo(200);

            HeadObjectResponse head = s3().headObject(r -> r.bucket(bucket())
                    .key(URI.create(upload.url()).getPath().substring(bucket().length() + 2)));
            assertThat(head.contentLength()).isEqualTo(blob.length);
            assertThat(head.contentType()).isEqualTo("image/jpeg");

            Acks.SendMessageAck ack = alicePhone.call(withMedia(bob, "ZW5jcnlwdGVkIGtleSArIHRodW1i", mediaId),
                    Acks.SendMessageAck.class);
            bobPhone.awaitMessage(ack.messageId());

            ServerFrame.MediaDownload download = bobPhone.call(new MediaDownload(mediaId),
                    ServerFrame.MediaDownload.class);
            assertThat(download.contentType()).isEqualTo("image/jpeg");
            assertThat(download.size()).isEqualTo(blob.length);
            assertThat(download.sha256()).isEqualTo(sha256(blob));
            HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(download.url()))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(blob);
        }
    }

    @Test
    void aUserOutsideTheChatCannotDownloadOrSendTheMedia() throws Exception {
        try (Phones p = Phones.connect("alice", "bob", "mallory")) {
            String mediaId = uploadedMedia(p.first(), "audio/ogg", randomBytes(1000));
            // before it is sent anywhere only the uploader may read it
            assertThat(p.second().refusal(new MediaDownload(mediaId))).isEqualTo(ErrorCode.FORBIDDEN);
            p.first().call(new MediaDownload(mediaId), ServerFrame.MediaDownload.class);
            sendWithMedia(p.first(), p.second().userId, mediaId);

            assertThat(p.third().refusal(new MediaDownload(mediaId))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(p.third().refusal(withMedia(p.second().userId, "eA", mediaId))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(p.third().refusal(new MediaDownload("NoSuchMediaId0000000000")))
                    .isEqualTo(ErrorCode.UNKNOWN_MEDIA);
            p.second().call(new MediaDownload(mediaId), ServerFrame.MediaDownload.class);
        }
    }

    @Test
    void aChatMemberForwardsTheMediaAndTheNewChatMayDownloadIt() throws Exception {
        try (Phones p = Phones.connect("alice", "bob", "carol")) {
            String mediaId = uploadedMedia(p.first(), "video/mp4", randomBytes(5000));
            sendWithMedia(p.first(), p.second().userId, mediaId);
            assertThat(p.third().refusal(new MediaDownload(mediaId))).isEqualTo(ErrorCode.FORBIDDEN);

            sendWithMedia(p.second(), p.third().userId, mediaId); // bob forwards to carol
            p.third().call(new MediaDownload(mediaId), ServerFrame.MediaDownload.class);
        }
    }

    @Test
    void oversizeAndDisallowedMediaAreRefusedWithClearCodes() throws Exception {
        try (ChatDevice phone = ChatDevice.connect(RUNTIME, uniqueUser("ann"), "phone")) {
            String digest = sha256(new byte[1]);
            assertThat(phone.refusal(new MediaUpload("image/png", 16L * 1024 * 1024 + 1, digest)))
                    .isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
            assertThat(phone.refusal(new MediaUpload("video/mp4", 100L * 1024 * 1024 + 1, digest)))
                    .isEqualTo(ErrorCode.MEDIA_TOO_LARGE);
            assertThat(phone.refusal(new MediaUpload("application/x-msdownload", 10L, digest)))
                    .isEqualTo(ErrorCode.MEDIA_TYPE_NOT_ALLOWED);
            // frames no record would build: the server's own checks of the wire
            assertThat(phone.errorCode(rawMediaUpload("image/png", 0, digest))).isEqualTo("INVALID_FIELD");
            assertThat(phone.errorCode(rawMediaUpload("image/png", 10, "not-a-digest"))).isEqualTo("INVALID_FIELD");
            phone.call(new MediaUpload("video/mp4", 100L * 1024 * 1024, digest), ServerFrame.MediaUpload.class);
            // the connection stays usable after the refusals
            WireFrames.heartbeat(phone.ws);
        }
    }

    /** Three users' phones, connected together and closed together. */
    private record Phones(ChatDevice first, ChatDevice second, ChatDevice third) implements AutoCloseable {
        static Phones connect(String a, String b, String c) {
            return new Phones(ChatDevice.connect(RUNTIME, uniqueUser(a), "phone"),
                    ChatDevice.connect(RUNTIME, uniqueUser(b), "phone"),
                    ChatDevice.connect(RUNTIME, uniqueUser(c), "phone"));
        }

        @Override
        public void close() {
            first.close();
            second.close();
            third.close();
        }
    }

    private static void sendWithMedia(ChatDevice from, String to, String mediaId) throws Exception {
        from.call(withMedia(to, "bWVkaWE", mediaId), Acks.SendMessageAck.class);
    }

    private static String uploadedMedia(ChatDevice device, String contentType, byte[] blob) throws Exception {
        ServerFrame.MediaUpload upload = device.call(upload(contentType, blob), ServerFrame.MediaUpload.class);
        assertThat(put(upload, blob).statusCode()).isEqualTo(200);
        return upload.mediaId();
    }

    /** PUTs {@code body} to the presigned URL with exactly the signed headers (the body sets Content-Length). */
    private static HttpResponse<String> put(ServerFrame.MediaUpload upload, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upload.url()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        upload.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                b.header(name, value);
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MediaUpload upload(String contentType, byte[] blob) throws Exception {
        return new MediaUpload(contentType, (long) blob.length, sha256(blob));
    }

    /** A {@code mediaUpload} frame with any values, for the ones its record refuses to build. */
    private static ObjectNode rawMediaUpload(String contentType, long size, String sha256) {
        ObjectNode f = Frames.action("mediaUpload");
        f.put("contentType", contentType);
        f.put("size", size);
        f.put("sha256", sha256);
        return f;
    }

    private static SendMessage withMedia(String to, String body, String... mediaIds) {
        return new SendMessage(Frames.newClientMsgId(), to, null, body, null, List.of(), List.of(mediaIds));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String bucket() {
        return RUNTIME.awsClients().config().bucketName(Resources.MEDIA);
    }

    private static S3Client s3() {
        return S3Clients.s3(RUNTIME.awsClients());
    }

}

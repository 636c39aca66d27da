package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.aws.S3Clients;
import dev.chatline.local.testing.LocalRuntimeExtension;
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
            JsonNode upload = alicePhone.request(mediaUpload("image/jpeg", blob.length, sha256(blob)));
            assertThat(upload.path("type").asText()).as("%s", upload).isEqualTo("mediaUpload");
            String mediaId = upload.path("mediaId").asText();
            assertThat(upload.path("method").asText()).isEqualTo("PUT");
            assertThat(upload.path("url").asText()).contains("/" + bucket() + "/").contains("X-Amz-Signature");
            assertThat(upload.path("headers").path("content-type").asText()).isEqualTo("image/jpeg");
            assertThat(upload.path("headers").path("x-amz-checksum-sha256").asText()).isEqualTo(sha256(blob));
            assertThat(put(upload, blob).statusCode()).isEqualTo(200);

            HeadObjectResponse head = s3().headObject(r -> r.bucket(bucket())
                    .key(URI.create(upload.path("url").asText()).getPath().substring(bucket().length() + 2)));
            assertThat(head.contentLength()).isEqualTo(blob.length);
            assertThat(head.contentType()).isEqualTo("image/jpeg");

            ObjectNode send = Frames.sendMessage(Frames.newClientMsgId(), bob, "ZW5jcnlwdGVkIGtleSArIHRodW1i");
            send.putArray("mediaIds").add(mediaId);
            JsonNode ack = alicePhone.request(send);
            assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
            bobPhone.awaitMessage(ack.path("messageId").asText());

            JsonNode download = bobPhone.request(mediaDownload(mediaId));
            assertThat(download.path("type").asText()).as("%s", download).isEqualTo("mediaDownload");
            assertThat(download.path("contentType").asText()).isEqualTo("image/jpeg");
            assertThat(download.path("size").asLong()).isEqualTo(blob.length);
            assertThat(download.path("sha256").asText()).isEqualTo(sha256(blob));
            HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(download.path("url").asText()))
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
            assertThat(p.second().errorCode(mediaDownload(mediaId))).isEqualTo("FORBIDDEN");
            assertThat(p.first().request(mediaDownload(mediaId)).path("type").asText()).isEqualTo("mediaDownload");
            sendWithMedia(p.first(), p.second().userId, mediaId);

            assertThat(p.third().errorCode(mediaDownload(mediaId))).isEqualTo("FORBIDDEN");
            assertThat(p.third().errorCode(withMedia(Frames.sendMessage(Frames.newClientMsgId(), p.second().userId,
                    "eA"), mediaId))).isEqualTo("FORBIDDEN");
            assertThat(p.third().errorCode(mediaDownload("NoSuchMediaId0000000000"))).isEqualTo("UNKNOWN_MEDIA");
            assertThat(p.second().request(mediaDownload(mediaId)).path("type").asText()).isEqualTo("mediaDownload");
        }
    }

    @Test
    void aChatMemberForwardsTheMediaAndTheNewChatMayDownloadIt() throws Exception {
        try (Phones p = Phones.connect("alice", "bob", "carol")) {
            String mediaId = uploadedMedia(p.first(), "video/mp4", randomBytes(5000));
            sendWithMedia(p.first(), p.second().userId, mediaId);
            assertThat(p.third().errorCode(mediaDownload(mediaId))).isEqualTo("FORBIDDEN");

            sendWithMedia(p.second(), p.third().userId, mediaId); // bob forwards to carol
            assertThat(p.third().request(mediaDownload(mediaId)).path("type").asText()).isEqualTo("mediaDownload");
        }
    }

    @Test
    void oversizeAndDisallowedMediaAreRefusedWithClearCodes() throws Exception {
        try (ChatDevice phone = ChatDevice.connect(RUNTIME, uniqueUser("ann"), "phone")) {
            String digest = sha256(new byte[1]);
            assertThat(phone.errorCode(mediaUpload("image/png", 16L * 1024 * 1024 + 1, digest)))
                    .isEqualTo("MEDIA_TOO_LARGE");
            assertThat(phone.errorCode(mediaUpload("video/mp4", 100L * 1024 * 1024 + 1, digest)))
                    .isEqualTo("MEDIA_TOO_LARGE");
            assertThat(phone.errorCode(mediaUpload("application/x-msdownload", 10, digest)))
                    .isEqualTo("MEDIA_TYPE_NOT_ALLOWED");
            assertThat(phone.errorCode(mediaUpload("image/png", 0, digest))).isEqualTo("INVALID_FIELD");
            assertThat(phone.errorCode(mediaUpload("image/png", 10, "not-a-digest"))).isEqualTo("INVALID_FIELD");
            assertThat(phone.request(mediaUpload("video/mp4", 100L * 1024 * 1024, digest)).path("type").asText())
                    .isEqualTo("mediaUpload");
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
        JsonNode ack = from.request(withMedia(Frames.sendMessage(Frames.newClientMsgId(), to, "bWVkaWE"), mediaId));
        assertThat(ack.path("type").asText()).as("%s", ack).isEqualTo("ack");
    }

    private static String uploadedMedia(ChatDevice device, String contentType, byte[] blob) throws Exception {
        JsonNode upload = device.request(mediaUpload(contentType, blob.length, sha256(blob)));
        assertThat(put(upload, blob).statusCode()).isEqualTo(200);
        return upload.path("mediaId").asText();
    }

    /** PUTs {@code body} to the presigned URL with exactly the signed headers (the body sets Content-Length). */
    private static HttpResponse<String> put(JsonNode upload, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                b.header(h.getKey(), h.getValue().asText());
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode mediaUpload(String contentType, long size, String sha256) {
        ObjectNode f = Frames.action("mediaUpload");
        f.put("contentType", contentType);
        f.put("size", size);
        f.put("sha256", sha256);
        return f;
    }

    private static ObjectNode mediaDownload(String mediaId) {
        return Frames.mediaDownload(mediaId);
    }

    private static ObjectNode withMedia(ObjectNode send, String... mediaIds) {
        send.putArray("mediaIds").addAll(List.of(mediaIds).stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        return send;
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

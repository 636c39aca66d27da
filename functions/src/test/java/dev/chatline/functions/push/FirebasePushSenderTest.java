package dev.chatline.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firebase.messaging.Message;
import dev.chatline.push.PushPlatform;
import dev.chatline.push.PushSender;
import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FirebasePushSenderTest {

    @Test
    void theMessageNamesNeitherTheChatNorTheMessageOnAnyPlatform() {
        for (PushPlatform platform : PushPlatform.values()) {
            Message message = FirebasePushSender.message(new PushSender.Notification(platform, "tok",
                    "d:alice:bob", "01JWQ0V6M8Z8S5R7K3Y4X2W1V0-42"));
            String wire = message.toString() + " " + fields(message);
            assertThat(wire).as("%s push", platform).contains("chatline-sync").contains("message")
                    .doesNotContain("alice").doesNotContain("bob")
                    .doesNotContain("d:").doesNotContain("01JWQ0V6M8Z8S5R7K3Y4X2W1V0").doesNotContain("-42")
                    .doesNotContain(sha256("d:alice:bob").substring(0, 10));
        }
    }

    /** Everything the Message holds, through the Admin SDK's own JSON (what goes to FCM). */
    private static String fields(Message message) {
        try {
            return new com.google.api.client.json.gson.GsonFactory().toString(message);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theLocalTransportSendsFcmRequestsToTheLocalEndpointOnly() throws Exception {
        FirebaseApps.RedirectingConnectionFactory factory = new FirebaseApps.RedirectingConnectionFactory(
                URI.create("http://127.0.0.1:9/_local/fcm/"));
        HttpURLConnection fcm = factory.openConnection(
                URI.create("https://fcm.googleapis.com/v1/projects/p/messages:send").toURL());
        assertThat(fcm.getURL().toString()).isEqualTo("http://127.0.0.1:9/_local/fcm/v1/projects/p/messages:send");
        HttpURLConnection other = factory.openConnection(URI.create("https://example.com/x").toURL());
        assertThat(other.getURL().toString()).isEqualTo("https://example.com/x");
    }
}

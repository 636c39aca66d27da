package dev.chatline.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FirebasePushSenderTest {

    @Test
    void theCollapseKeyIsAStableShortHashThatHidesTheChatId() {
        String key = FirebasePushSender.collapseKey("d:alice:bob");
        assertThat(key).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotContain("alice");
        assertThat(FirebasePushSender.collapseKey("d:alice:bob")).isEqualTo(key);
        assertThat(FirebasePushSender.collapseKey("d:alice:carol")).isNotEqualTo(key);
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

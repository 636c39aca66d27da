package dev.chatline.functions.push;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;

/**
 * The Firebase app of the push function.
 *
 * <ul>
 *   <li>On AWS: the service-account JSON from the Secrets Manager secret {@value ChatConfig#FIREBASE_SECRET_ARN}
 *       (held in memory only, never logged); the project id comes from it.</li>
 *   <li>Locally ({@value ChatConfig#FCM_ENDPOINT} set): the same SDK code path, with an HTTP transport that sends
 *       {@code https://fcm.googleapis.com/...} to the local FCM endpoint and a fixed access token that makes no
 *       network call.</li>
 * </ul>
 */
public final class FirebaseApps {
    static final String FCM_ORIGIN = "https://fcm.googleapis.com";
    private static final String LOCAL_PROJECT = "chatline-local";
    private static final String OFFLINE = "prime";

    private FirebaseApps() {
    }

    public static FirebaseApp create(AwsClients aws) {
        ChatConfig config = aws.config();
        FirebaseOptions.Builder options = FirebaseOptions.builder();
        config.get(ChatConfig.FCM_ENDPOINT).ifPresentOrElse(endpoint -> options
                .setCredentials(GoogleCredentials.create(new AccessToken("local-fcm",
                        new Date(System.currentTimeMillis() + 365L * 24 * 3600 * 1000))))
                .setProjectId(config.get(ChatConfig.FCM_PROJECT_ID).orElse(LOCAL_PROJECT))
                .setHttpTransport(new NetHttpTransport.Builder()
                        .setConnectionFactory(new RedirectingConnectionFactory(URI.create(endpoint))).build()),
                () -> options.setCredentials(serviceAccount(aws, config.require(ChatConfig.FIREBASE_SECRET_ARN))));
        // one app per function instance; several instances may share a JVM locally
        return FirebaseApp.initializeApp(options.build(), "chatline-push-" + UUID.randomUUID());
    }

    /**
     * A Firebase app that sends nothing: every FCM request gets a canned success from an in-memory transport, and
     * its token makes no call. For SnapStart priming ({@link FirebasePushSender#prime()}); delete it after use.
     */
    static FirebaseApp offline() {
        MockHttpTransport transport = new MockHttpTransport.Builder().setLowLevelHttpResponse(
                new MockLowLevelHttpResponse().setContentType("application/json")
                        .setContent("{\"name\":\"projects/" + OFFLINE + "/messages/" + OFFLINE + "\"}")).build();
        return FirebaseApp.initializeApp(FirebaseOptions.builder()
                .setCredentials(GoogleCredentials.create(new AccessToken(OFFLINE,
                        new Date(System.currentTimeMillis() + 3600_000L))))
                .setProjectId(OFFLINE).setHttpTransport(transport).build(), OFFLINE + "-" + UUID.randomUUID());
    }

    private static GoogleCredentials serviceAccount(AwsClients aws, String secretArn) {
        String json = Secrets.read(aws, secretArn);
        try {
            return GoogleCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the message never includes the secret's content
            throw new UncheckedIOException("the Firebase secret is not a service-account JSON", e);
        }
    }

    /** Opens connections to {@code base} for URLs under {@value #FCM_ORIGIN}; others unchanged. */
    static final class RedirectingConnectionFactory implements ConnectionFactory {
        private final String base;

        RedirectingConnectionFactory(URI base) {
            String s = base.toString();
            this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        @Override
        public HttpURLConnection openConnection(URL url) throws IOException {
            String s = url.toString();
            URL target = s.startsWith(FCM_ORIGIN + "/") ? URI.create(base + s.substring(FCM_ORIGIN.length())).toURL()
                    : url;
            return (HttpURLConnection) target.openConnection();
        }
    }
}

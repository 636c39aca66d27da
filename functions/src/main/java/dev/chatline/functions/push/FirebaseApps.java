package dev.chatline.functions.push;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.config.ChatConfig;
import dev.chatline.protocol.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firebase apps of the push function.
 *
 * <ul>
 *   <li>On AWS: {@link #withCredentials} with the service account read from the Secrets Manager secret
 *       {@value ChatConfig#FIREBASE_SECRET_ARN} ({@link RefreshingFirebaseSender}; held in memory only, never
 *       logged); the project id comes from the key.</li>
 *   <li>Locally ({@value ChatConfig#FCM_ENDPOINT} set): the same SDK code path, with an HTTP transport that sends
 *       {@code https://fcm.googleapis.com/...} to the local FCM endpoint; {@link #local} adds a fixed access token
 *       that makes no network call.</li>
 * </ul>
 */
public final class FirebaseApps {
    static final String FCM_ORIGIN = "https://fcm.googleapis.com";
    private static final Logger LOG = LoggerFactory.getLogger(FirebaseApps.class);
    private static final String LOCAL_PROJECT = "chatline-local";
    private static final String OFFLINE = "prime";

    private FirebaseApps() {
    }

    /** The local app: a fixed access token and the local FCM endpoint ({@value ChatConfig#FCM_ENDPOINT}). */
    public static FirebaseApp local(ChatConfig config) {
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setCredentials(GoogleCredentials.create(new AccessToken("local-fcm",
                        new Date(System.currentTimeMillis() + 365L * 24 * 3600 * 1000))))
                .setProjectId(config.get(ChatConfig.FCM_PROJECT_ID).orElse(LOCAL_PROJECT));
        return initialize(config, options);
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

    /** An app that signs in with a service account; FCM requests go to the local endpoint when one is set. */
    public static FirebaseApp withCredentials(ChatConfig config, GoogleCredentials credentials) {
        return initialize(config, FirebaseOptions.builder().setCredentials(credentials));
    }

    /**
     * The service account in a secret's text, or empty when the text is not one: the stack's placeholder
     * ({@code {"unconfigured":true,...}}) or anything else. The text is never logged.
     */
    public static Optional<GoogleCredentials> serviceAccount(String secretText) {
        try {
            JsonNode key = Json.MAPPER.readTree(secretText == null ? "" : secretText);
            if (key == null || !"service_account".equals(key.path("type").asText())
                    || !key.hasNonNull("private_key")) {
                return Optional.empty();
            }
            return Optional.of(GoogleCredentials.fromStream(new ByteArrayInputStream(
                    secretText.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the Firebase secret is not a valid service-account JSON ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static FirebaseApp initialize(ChatConfig config, FirebaseOptions.Builder options) {
        config.get(ChatConfig.FCM_ENDPOINT).ifPresent(endpoint -> options.setHttpTransport(
                new NetHttpTransport.Builder().setConnectionFactory(
                        new RedirectingConnectionFactory(URI.create(endpoint))).build()));
        // one app per key version and function instance; several instances may share a JVM locally
        return FirebaseApp.initializeApp(options.build(), "chatline-push-" + UUID.randomUUID());
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

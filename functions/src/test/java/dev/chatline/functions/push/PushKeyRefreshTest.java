package dev.chatline.functions.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.PushPublisher.PushRequest;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.Json;
import dev.chatline.push.PushPlatform;
import dev.chatline.push.PushService;
import dev.chatline.push.PushToken;
import dev.chatline.push.PushTokenStore;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.RecordingMetrics;
import dev.chatline.testing.TestTables;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.PushGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * The push function with the stack's placeholder in the Firebase secret (moto's Secrets Manager): it constructs
 * without reading the secret (SnapStart publishes versions that way), stays off while the placeholder is there, and
 * picks up a key put into the secret, and then a rotated one, without a new instance. Google's token endpoint and
 * FCM are a local HTTP server; the service-account JSON names the local token endpoint as its {@code token_uri}.
 */
@ExtendWith(MotoExtension.class)
class PushKeyRefreshTest {
    private static final String PLACEHOLDER = "{\"unconfigured\":true,\"placeholder\":\"p1aceh0lder\"}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<String> fcmPaths = new CopyOnWriteArrayList<>();
    private final List<String> fcmAuthorizations = new CopyOnWriteArrayList<>();
    private HttpServer google;
    private AwsClients aws;
    private String secretArn;
    private SecretsManagerClient secrets;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        google = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        google.createContext("/token", ex -> answer(ex, "{\"access_token\":\"token-" + fcmPaths.size()
                + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
        google.createContext("/fcm/", ex -> {
            fcmPaths.add(ex.getRequestURI().getPath());
            fcmAuthorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            answer(ex, "{\"name\":\"projects/x/messages/1\"}");
        });
        google.start();
        secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        secretArn = secrets.createSecret(b -> b.name("firebase-" + System.nanoTime()).secretString(PLACEHOLDER))
                .arn();
        aws = new AwsClients(ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                ChatConfig.STAGE, "push-key", ChatConfig.FIREBASE_SECRET_ARN, secretArn,
                ChatConfig.FCM_ENDPOINT, "http://127.0.0.1:" + google.getAddress().getPort() + "/fcm/")));
        TestTables.createAll(aws.dynamoDb(), aws.config());
        new PushTokenStore(aws.dynamoDb(), aws.config()).put(new PushToken("bob", "phone", PushPlatform.ANDROID,
                "fcm-token-bob", clock.millis()));
    }

    @AfterEach
    void tearDown() {
        google.stop(0);
        secrets.close();
    }

    @Test
    void pushStaysOffWithThePlaceholderAndUsesAKeyPutLaterWithoutANewInstance() throws Exception {
        PushService push = new PushGraph(new GraphBase(aws, clock, metrics, pause -> { })).pushService(PushWiring.sender(aws, clock));

        push.deliver(List.of(request("m1")));
        assertThat(metrics.get(Metrics.PUSHES_UNCONFIGURED)).isEqualTo(1);
        assertThat(fcmPaths).isEmpty();

        putSecret(serviceAccount("project-one"));
        clock.advance(RefreshingFirebaseSender.RECHECK_UNCONFIGURED.plusSeconds(1));
        push.deliver(List.of(request("m2")));
        assertThat(metrics.get(Metrics.PUSHES_SENT)).isEqualTo(1);
        assertThat(fcmPaths).containsExactly("/fcm/v1/projects/project-one/messages:send");
        assertThat(fcmAuthorizations.get(0)).startsWith("Bearer token-");

        putSecret(serviceAccount("project-two")); // a rotated key: used at the next check, 5 minutes on
        clock.advance(RefreshingFirebaseSender.RECHECK_CONFIGURED.plusSeconds(1));
        push.deliver(List.of(request("m3")));
        assertThat(fcmPaths).last().isEqualTo("/fcm/v1/projects/project-two/messages:send");
        assertThat(metrics.get(Metrics.PUSHES_SENT)).isEqualTo(2);
    }

    @Test
    void constructingTheFunctionReadsNoSecret() {
        AwsClients missing = new AwsClients(ChatConfig.of(Map.of(
                ChatConfig.AWS_ENDPOINT, aws.config().require(ChatConfig.AWS_ENDPOINT), ChatConfig.STAGE, "push-key",
                ChatConfig.FIREBASE_SECRET_ARN, secretArn + "-does-not-exist")));
        PushService push = new PushGraph(new GraphBase(missing, clock, metrics, pause -> { })).pushService(PushWiring.sender(missing, clock));

        // the first push needs the key: without one, the invocation fails and the topic's retries run it again
        assertThatThrownBy(() -> push.deliver(List.of(request("m1")))).hasMessageContaining("Secrets Manager");
    }

    @Test
    void aKeyThatIsNotAServiceAccountLeavesPushOff() {
        putSecret("{\"type\":\"service_account\",\"private_key\":\"not a key\"}");
        PushService push = new PushGraph(new GraphBase(aws, clock, metrics, pause -> { })).pushService(PushWiring.sender(aws, clock));

        push.deliver(List.of(request("m1")));

        assertThat(metrics.get(Metrics.PUSHES_UNCONFIGURED)).isEqualTo(1);
        assertThat(fcmPaths).isEmpty();
    }

    private PushRequest request(String messageId) {
        return new PushRequest(FanoutJob.MESSAGE, "bob", "phone", "d:alice:bob", messageId, 1, clock.millis());
    }

    private void putSecret(String text) {
        secrets.putSecretValue(b -> b.secretId(secretArn).secretString(text));
    }

    private String serviceAccount(String projectId) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Json.write(Map.of("type", "service_account", "project_id", projectId,
                "private_key_id", "key-" + projectId, "private_key", pem,
                "client_email", "push@" + projectId + ".iam.gserviceaccount.com", "client_id", "1234567890",
                "token_uri", "http://127.0.0.1:" + google.getAddress().getPort() + "/token"));
    }

    private static void answer(HttpExchange ex, String json) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}

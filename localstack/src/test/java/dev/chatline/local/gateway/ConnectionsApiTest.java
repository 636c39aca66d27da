package dev.chatline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

class ConnectionsApiTest {
    private static GatewayFixture fixture;
    private static ApiGatewayManagementApiClient api;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start(true, GatewayLimits.aws().withSizes(1024, 16 * 1024));
        api = client(fixture.gateway.managementEndpoint());
    }

    /** The real SDK client, configured only with the endpoint override (any credentials). */
    private static ApiGatewayManagementApiClient client(URI endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        api.close();
        fixture.close();
    }

    @Test
    void postToConnectionDeliversTheDataAsOneTextFrame() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();

        api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("{\"type\":\"ping\"}")));

        assertThat(client.next()).isEqualTo("{\"type\":\"ping\"}");
    }

    @Test
    void messageLargerThanAFrameArrivesWhole() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();
        String large = "\u00e9\ud83d\ude00".repeat(1000);

        api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(large)));

        assertThat(client.next()).isEqualTo(large);
    }

    @Test
    void getConnectionDescribesIt() {
        Instant before = Instant.now().minusSeconds(1);
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();

        GetConnectionResponse connection = api.getConnection(b -> b.connectionId(connectionId));

        assertThat(connection.connectedAt()).isAfter(before);
        assertThat(connection.lastActiveAt()).isAfterOrEqualTo(connection.connectedAt());
        assertThat(connection.identity().sourceIp()).isEqualTo("127.0.0.1");
        assertThat(connection.identity().userAgent()).isNotBlank();
    }

    @Test
    void deleteConnectionClosesTheSocketAndFiresDisconnect() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();

        api.deleteConnection(b -> b.connectionId(connectionId));

        client.awaitClose();
        await().until(() -> TestHandlers.recorded("$disconnect", connectionId).isPresent());
        assertThatThrownBy(() -> api.getConnection(b -> b.connectionId(connectionId)))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void postToAClosedConnectionIsGone() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();
        client.socket.sendClose(1000, "").join();
        await().until(() -> !fixture.gateway.connectionIds().contains(connectionId));

        assertThatThrownBy(() -> api.postToConnection(b -> b.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("late"))))
                .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
    }

    @Test
    void postToAnUnknownConnectionIsGone() {
        assertThatThrownBy(() -> api.postToConnection(b -> b.connectionId("AAAAAAAAAAAAAAA=")
                .data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void postOverTheMessageLimitIsPayloadTooLarge() {
        TestSocket client = fixture.connect("alice");
        String connectionId = client.connectionId();

        assertThatThrownBy(() -> api.postToConnection(b -> b.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("z".repeat(17 * 1024)))))
                .isInstanceOfSatisfying(PayloadTooLargeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(413));
    }

    @Test
    void connectionIsNotPostableWhileConnectRuns() throws Exception {
        CompletableFuture<String> duringConnect = new CompletableFuture<>();
        AtomicReference<ApiGatewayManagementApiClient> local = new AtomicReference<>();
        Invoker postingFromConnect = (function, event) -> {
            if (function.equals("connect")) {
                duringConnect.complete(tryPost(local.get(), event));
            }
            return fixture.host.invoke(function, event);
        };
        try (WebSocketGateway gateway = new WebSocketGateway(GatewaySettings.defaults("test"),
                TestHandlers.catalog(true), postingFromConnect).start();
             ApiGatewayManagementApiClient client = client(gateway.managementEndpoint())) {
            local.set(client);

            TestSocket.connect(URI.create(gateway.websocketUrl() + "?token=allow-hank"));

            assertThat(duringConnect.get()).isEqualTo("gone");
        }
    }

    private static String tryPost(ApiGatewayManagementApiClient client, String connectEvent) {
        try {
            String id = TestHandlers.JSON.readTree(connectEvent).path("requestContext").path("connectionId").asText();
            client.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("too early")));
            return "posted";
        } catch (GoneException e) {
            return "gone";
        } catch (Exception e) {
            return e.toString();
        }
    }
}

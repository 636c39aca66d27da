package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.TIMEOUT;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A connection's row in the {@code connections} table from {@code $connect} to {@code $disconnect}, heartbeats
 * extending it, and the {@code @connections} API (the real SDK client) on open and closed connections.
 */
class ConnectionLifecycleE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final long TTL_SECONDS = 180;
    private static ConnectionRows rows;
    private static ApiGatewayManagementApiClient connections;

    @BeforeAll
    static void clients() {
        rows = new ConnectionRows(RUNTIME);
        connections = RUNTIME.awsClients().connections(RUNTIME.connectionsEndpoint());
    }

    @AfterAll
    static void closeClients() {
        rows.close();
        connections.close();
    }

    @Test
    void connectWritesARowThatLivesTheConnectionTtl() {
        long before = System.currentTimeMillis();
        try (WsTestClient client = RUNTIME.connectAs("lc-connect", "phone")) {
            ConnectionRows.Row row = rows.onlyRowOf("lc-connect");

            assertThat(row.deviceId()).isEqualTo("phone");
            assertThat(row.connectedAt()).isBetween(before - 1000, System.currentTimeMillis());
            assertThat(row.expiresAt()).isCloseTo(before / 1000 + TTL_SECONDS, within(5L));
        }
    }

    @Test
    void heartbeatAcksWithServerTimeAndExtendsTheRowsExpiry() {
        try (WsTestClient client = RUNTIME.connectAs("lc-heartbeat", "phone")) {
            ConnectionRows.Row before = rows.onlyRowOf("lc-heartbeat");
            AtomicLong serverTs = new AtomicLong();

            // expiresAt has a resolution of one second: beat until it moved
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(400)).until(() -> {
                serverTs.set(heartbeat(client).path("serverTs").asLong());
                return rows.get(before.connectionId()).orElseThrow().expiresAt() > before.expiresAt();
            });

            ConnectionRows.Row after = rows.get(before.connectionId()).orElseThrow();
            assertThat(after.expiresAt()).isEqualTo(serverTs.get() / 1000 + TTL_SECONDS);
            assertThat(serverTs.get()).isCloseTo(System.currentTimeMillis(), within(5_000L));
            assertThat(after.connectedAt()).isEqualTo(before.connectedAt());
        }
    }

    @Test
    void heartbeatWritesAVanishedRowAgain() throws Exception {
        try (WsTestClient client = RUNTIME.connectAs("lc-revive", "phone")) {
            ConnectionRows.Row original = rows.onlyRowOf("lc-revive");
            rows.delete(original.connectionId());

            heartbeat(client);

            ConnectionRows.Row revived = rows.get(original.connectionId()).orElseThrow();
            assertThat(revived.userId()).isEqualTo("lc-revive");
            assertThat(revived.deviceId()).isEqualTo("phone");
            // $connect stores its own clock, the revival API Gateway's connectedAt: the same moment, give or take
            assertThat(revived.connectedAt()).isCloseTo(original.connectedAt(), within(1_000L));
            assertThat(revived.expiresAt()).isGreaterThanOrEqualTo(original.expiresAt());
        }
    }

    @Test
    void postToAnOpenConnectionDeliversOneFrameAndGetDescribesIt() throws Exception {
        try (WsTestClient client = RUNTIME.connectAs("lc-post", "phone")) {
            String connectionId = rows.onlyRowOf("lc-post").connectionId();

            connections.postToConnection(r -> r.connectionId(connectionId)
                    .data(SdkBytes.fromUtf8String("{\"type\":\"hello\",\"n\":1}")));
            GetConnectionResponse description = connections.getConnection(r -> r.connectionId(connectionId));

            assertThat(client.awaitContaining("\"hello\"", TIMEOUT)).isEqualTo("{\"type\":\"hello\",\"n\":1}");
            assertThat(description.connectedAt()).isNotNull();
            assertThat(description.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(description.lastActiveAt()).isAfterOrEqualTo(description.connectedAt());
        }
    }

    @Test
    void disconnectDeletesTheRowAndTheConnectionIsGone() {
        WsTestClient client = RUNTIME.connectAs("lc-close", "phone");
        String connectionId = rows.onlyRowOf("lc-close").connectionId();

        client.close();

        await().atMost(TIMEOUT).until(() -> rows.get(connectionId).isEmpty());
        assertThatThrownBy(() -> connections.getConnection(r -> r.connectionId(connectionId)))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> connections.postToConnection(r -> r.connectionId(connectionId)
                .data(SdkBytes.fromUtf8String("{}")))).isInstanceOf(GoneException.class);
    }

    @Test
    void deleteConnectionClosesTheSocketAndDisconnectRuns() {
        WsTestClient client = RUNTIME.connectAs("lc-kick", "phone");
        String connectionId = rows.onlyRowOf("lc-kick").connectionId();

        connections.deleteConnection(r -> r.connectionId(connectionId));

        assertThat(client.awaitCloseCode(TIMEOUT)).isEqualTo(1000);
        await().atMost(TIMEOUT).until(() -> rows.get(connectionId).isEmpty());
        assertThat(rows.ofUser("lc-kick")).isEmpty();
    }
}

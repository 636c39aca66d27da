package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.TIMEOUT;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.chatline.aws.MessagingClients;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * A connection's row in the {@code connections} table from {@code $connect} (written once, expiring after API
 * Gateway's maximum connection duration) to {@code $disconnect}, and the {@code @connections} API (the real SDK
 * client) on open and closed connections.
 */
class ConnectionLifecycleE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static ConnectionRows rows;
    private static ApiGatewayManagementApiClient connections;

    @BeforeAll
    static void clients() {
        rows = new ConnectionRows(RUNTIME);
        connections = MessagingClients.connections(RUNTIME.awsClients(), RUNTIME.connectionsEndpoint());
    }

    /** The row's expiry for a connection made at {@code connectedAt} (epoch ms): epoch seconds, rounded up. */
    private static long expiryOf(long connectedAt) {
        return (connectedAt + RUNTIME.awsClients().config().connectionTtl().toMillis() + 999) / 1000;
    }

    @AfterAll
    static void closeClients() {
        rows.close();
        connections.close();
    }

    @Test
    void connectWritesARowThatExpiresTwoHoursAndAMinuteAfterConnect() {
        long before = System.currentTimeMillis();
        try (WsTestClient client = RUNTIME.connectAs("lc-connect", "phone")) {
            ConnectionRows.Row row = rows.onlyRowOf("lc-connect");

            assertThat(row.deviceId()).isEqualTo("phone");
            assertThat(row.connectedAt()).isBetween(before - 1000, System.currentTimeMillis());
            assertThat(row.expiresAt()).isEqualTo(expiryOf(row.connectedAt()));
            assertThat(row.expiresAt() - row.connectedAt() / 1000).isBetween(7_260L, 7_261L);
        }
    }

    @Test
    void heartbeatAcksWithServerTimeAndLeavesTheRowAsConnectWroteIt() throws Exception {
        try (WsTestClient client = RUNTIME.connectAs("lc-heartbeat", "phone")) {
            ConnectionRows.Row before = rows.onlyRowOf("lc-heartbeat");

            long serverTs = heartbeat(client).path("serverTs").asLong();

            assertThat(serverTs).isCloseTo(System.currentTimeMillis(), within(5_000L));
            assertThat(rows.get(before.connectionId())).contains(before);
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

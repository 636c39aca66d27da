package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.awaitPresencePush;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static dev.chatline.local.e2e.WireFrames.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.contacts.ContactStore;
import dev.chatline.local.bench.ApiCallCounter;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A heartbeat costs its two API Gateway messages and nothing else: the {@code heartbeat} mock route answers it
 * with no function and no DynamoDB call. Presence rests on the connection row written once at {@code $connect}
 * (it lives until API Gateway's 2-hour maximum connection duration), and goes offline on {@code $disconnect}.
 */
class HeartbeatE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final int BEATS = 5;
    private static ConnectionRows rows;

    @BeforeAll
    static void tables() {
        rows = new ConnectionRows(RUNTIME);
    }

    @AfterAll
    static void closeTables() {
        rows.close();
    }

    @Test
    void heartbeatIsAnsweredWithServerTimeWithoutAnyFunctionOrDynamoDbCall() throws Exception {
        try (WsTestClient phone = RUNTIME.connectAs("hb-quiet", "phone")) {
            long invocationsBefore = RUNTIME.runtime().lambdaHost().invocationCount();
            Map<String, Long> dynamoDbBefore = dynamoDbCalls();
            assertThat(dynamoDbBefore).as("the counter sees $connect's writes").containsKey("DynamoDb PutItem");
            long sentAt = System.currentTimeMillis();

            for (int i = 0; i < BEATS; i++) {
                JsonNode ack = heartbeat(phone);
                assertThat(ack.path("type").asText()).isEqualTo("ack");
                assertThat(ack.path("action").asText()).isEqualTo("heartbeat");
                assertThat(ack.path("serverTs").asLong()).isBetween(sentAt, System.currentTimeMillis());
            }

            assertThat(RUNTIME.runtime().lambdaHost().invocationCount()).isEqualTo(invocationsBefore);
            assertThat(dynamoDbCalls()).isEqualTo(dynamoDbBefore);
        }
    }

    @Test
    void userStaysOnlineOnTheRowWrittenAtConnectWhileHeartbeatingAndGoesOfflineOnDisconnect() throws Exception {
        try (var ddb = RUNTIME.awsClients().dynamoDb()) { // contacts, as their chat's first message records
            new ContactStore(ddb, new DynamoBatch(ddb), RUNTIME.awsClients().config())
                    .addPair("hb-carol", "hb-alice", System.currentTimeMillis());
        }
        try (WsTestClient carol = RUNTIME.connectAs("hb-carol", "phone")) {
            subscribe(carol, "s1", "hb-alice");
            WsTestClient alice = RUNTIME.connectAs("hb-alice", "phone");
            assertThat(user(awaitPresencePush(carol)).path("online").asBoolean()).isTrue();
            ConnectionRows.Row row = rows.onlyRowOf("hb-alice");
            assertThat(row.expiresAt() * 1000 - row.connectedAt()).as("lives past API Gateway's 2 h limit")
                    .isGreaterThan(2 * 3_600_000L);
            Map<String, Long> dynamoDbWhileConnected = dynamoDbCalls();

            for (int i = 0; i < BEATS; i++) {
                heartbeat(alice);
            }

            assertThat(dynamoDbCalls()).as("no heartbeat write").isEqualTo(dynamoDbWhileConnected);
            assertThat(rows.onlyRowOf("hb-alice")).isEqualTo(row);
            assertThat(user(subscribe(carol, "s2", "hb-alice")).path("online").asBoolean()).isTrue();
            long closedAt = System.currentTimeMillis();
            alice.close();
            JsonNode offline = user(awaitPresencePush(carol));
            assertThat(offline.path("online").asBoolean()).isFalse();
            assertThat(offline.path("lastSeen").asLong()).isBetween(closedAt, System.currentTimeMillis());
            await().atMost(WireFrames.TIMEOUT).until(() -> rows.ofUser("hb-alice").isEmpty());
        }
    }

    /** DynamoDB calls of the whole JVM (functions and runtime) so far, by operation. */
    private static Map<String, Long> dynamoDbCalls() {
        Map<String, Long> calls = new TreeMap<>(ApiCallCounter.snapshot());
        calls.keySet().removeIf(call -> !call.toLowerCase(Locale.ROOT).startsWith("dynamodb "));
        return calls;
    }

    private static JsonNode subscribe(WsTestClient client, String requestId, String userId)
            throws InterruptedException {
        return request(client, requestId, "{\"action\":\"presenceSubscribe\",\"requestId\":\"" + requestId
                + "\",\"userIds\":[\"" + userId + "\"]}");
    }

    private static JsonNode user(JsonNode presenceFrame) {
        return presenceFrame.path("users").get(0);
    }
}

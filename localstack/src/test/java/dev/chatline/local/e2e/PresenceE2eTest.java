package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.awaitPresencePush;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static dev.chatline.local.e2e.WireFrames.ofType;
import static dev.chatline.local.e2e.WireFrames.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.contacts.ContactStore;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.presence.PresenceStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Presence as two users' apps see it: carol (a contact of alice: they share a direct chat) subscribes to alice,
 * alice's devices come and go, alice hides her last seen. Each test uses its own user ids, so subscriptions of one
 * test never see another's changes. Changes reach subscribers through the fan-out queue, so "no push" is checked
 * once the queue is idle.
 */
class PresenceE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static ConnectionRows rows;
    private static DynamoDbClient ddb;
    private static PresenceStore presence;
    private static ContactStore contacts;
    private static Backend backend;

    @BeforeAll
    static void tables() {
        rows = new ConnectionRows(RUNTIME);
        ddb = RUNTIME.awsClients().dynamoDb();
        presence = new PresenceStore(ddb, RUNTIME.awsClients().config());
        contacts = new ContactStore(ddb, new DynamoBatch(ddb), RUNTIME.awsClients().config());
        backend = new Backend(RUNTIME);
    }

    @AfterAll
    static void closeTables() {
        rows.close();
        backend.close();
        ddb.close();
    }

    @Test
    void subscribingToAUserNeverSeenAnswersOfflineWithoutLastSeen() throws Exception {
        contacts.addPair("carol-1", "alice-1", System.currentTimeMillis());
        try (WsTestClient carol = RUNTIME.connectAs("carol-1", "phone")) {
            JsonNode reply = subscribe(carol, "p1", "alice-1");

            assertThat(reply.path("type").asText()).isEqualTo("presence");
            assertThat(reply.path("users")).hasSize(1);
            assertThat(user(reply)).isEqualTo(Frames.parse("{\"userId\":\"alice-1\",\"online\":false}"));
        }
    }

    @Test
    void firstDeviceOnlineAndLastDeviceOfflineArePushedOnce() throws Exception {
        contacts.addPair("carol-2", "alice-2", System.currentTimeMillis());
        try (WsTestClient carol = RUNTIME.connectAs("carol-2", "phone")) {
            subscribe(carol, "p2", "alice-2");
            WsTestClient phone = RUNTIME.connectAs("alice-2", "phone");
            assertThat(user(awaitPresencePush(carol))).isEqualTo(
                    Frames.parse("{\"userId\":\"alice-2\",\"online\":true}"));

            WsTestClient tablet = RUNTIME.connectAs("alice-2", "tablet");
            backend.awaitFanoutIdle(); // a change queued by the tablet's $connect would have been told by now
            heartbeat(carol);
            assertThat(carol.pending()).as("no second online push").noneMatch(ofType("presence"));

            long phoneClosedAt = closeAndAwaitDisconnect(phone, "alice-2");
            assertNoPresencePushFor(carol, Duration.ofSeconds(1));

            long tabletClosedAt = closeAndAwaitDisconnect(tablet, "alice-2");
            JsonNode offline = user(awaitPresencePush(carol));
            assertThat(offline.path("online").asBoolean()).isFalse();
            assertThat(offline.path("lastSeen").asLong()).isBetween(tabletClosedAt, System.currentTimeMillis());
            assertThat(phoneClosedAt).isLessThanOrEqualTo(tabletClosedAt);

            JsonNode current = user(subscribe(carol, "p2-again", "alice-2"));
            assertThat(current.path("online").asBoolean()).isFalse();
            assertThat(current.path("lastSeen").asLong()).isEqualTo(offline.path("lastSeen").asLong());
        }
    }

    @Test
    void hidingLastSeenHidesOnlineAndLastSeenAndStopsPushes() throws Exception {
        contacts.addPair("carol-3", "alice-3", System.currentTimeMillis());
        try (WsTestClient carol = RUNTIME.connectAs("carol-3", "phone")) {
            subscribe(carol, "p3", "alice-3");
            WsTestClient alice = RUNTIME.connectAs("alice-3", "phone");
            assertThat(user(awaitPresencePush(carol)).path("online").asBoolean()).isTrue();

            JsonNode ack = request(alice, "s1", "{\"action\":\"settings\",\"requestId\":\"s1\",\"lastSeen\":\"nobody\"}");
            assertThat(ack.path("settings").path("lastSeen").asText()).isEqualTo("nobody");
            JsonNode hidden = Frames.parse("{\"userId\":\"alice-3\",\"online\":false}");
            assertThat(user(awaitPresencePush(carol))).as("the change is pushed").isEqualTo(hidden);
            assertThat(user(subscribe(carol, "p3-online", "alice-3"))).as("online but hidden").isEqualTo(hidden);

            closeAndAwaitDisconnect(alice, "alice-3");
            assertNoPresencePushFor(carol, Duration.ofSeconds(1));
            assertThat(user(subscribe(carol, "p3-offline", "alice-3"))).as("no last seen").isEqualTo(hidden);

            try (WsTestClient again = RUNTIME.connectAs("alice-3", "phone")) {
                backend.awaitFanoutIdle();
                heartbeat(carol);
                assertThat(carol.pending()).as("no online push while hidden").noneMatch(ofType("presence"));
                request(again, "s2", "{\"action\":\"settings\",\"requestId\":\"s2\",\"lastSeen\":\"everyone\"}");
                assertThat(user(awaitPresencePush(carol))).isEqualTo(
                        Frames.parse("{\"userId\":\"alice-3\",\"online\":true}"));
            }
        }
    }

    @Test
    void aUserWhoSharesNoChatSeesNoPresenceAndIsNotTold() throws Exception {
        try (WsTestClient dave = RUNTIME.connectAs("dave-4", "phone");
             WsTestClient alice = RUNTIME.connectAs("alice-4", "phone")) {
            assertThat(user(subscribe(dave, "p4", "alice-4"))).as("online, but not to a stranger")
                    .isEqualTo(Frames.parse("{\"userId\":\"alice-4\",\"online\":false}"));
            closeAndAwaitDisconnect(alice, "alice-4");
            try (WsTestClient again = RUNTIME.connectAs("alice-4", "phone")) {
                backend.awaitFanoutIdle();
                heartbeat(dave);
                assertThat(dave.pending()).as("no push to a stranger").noneMatch(ofType("presence"));
            }
        }
    }

    private static JsonNode subscribe(WsTestClient client, String requestId, String userId)
            throws InterruptedException {
        return request(client, requestId, "{\"action\":\"presenceSubscribe\",\"requestId\":\"" + requestId
                + "\",\"userIds\":[\"" + userId + "\"]}");
    }

    private static JsonNode user(JsonNode presenceFrame) {
        return presenceFrame.path("users").get(0);
    }

    /**
     * Closes the client and waits until its {@code $disconnect} ran: the connection row is gone and the user's
     * lastActiveAt was touched after the close (the presence push, if any, is posted right after that).
     *
     * @return epoch ms just before the close
     */
    private static long closeAndAwaitDisconnect(WsTestClient client, String userId) {
        long before = System.currentTimeMillis();
        int rowsBefore = rows.ofUser(userId).size();
        client.close();
        await().atMost(WireFrames.TIMEOUT).until(() -> rows.ofUser(userId).size() == rowsBefore - 1
                && presence.get(userId).lastActiveAt() >= before);
        return before;
    }

    private static void assertNoPresencePushFor(WsTestClient client, Duration quiet) {
        await().during(quiet).atMost(quiet.plusSeconds(2))
                .until(() -> client.pending().stream().noneMatch(ofType("presence")));
    }
}

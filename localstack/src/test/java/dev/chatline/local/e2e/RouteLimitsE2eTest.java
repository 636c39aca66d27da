package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.ratelimit.RouteLimits.Bucket;
import dev.chatline.testing.TestKeys;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An attacker hammers each route that takes a per-user limit at its entry: it is refused with RATE_LIMITED and
 * {@code retryAfterMs}, its connection stays usable, and the user it targets (or any other user) can still use the
 * same route. Every budget is {@value #PERMITS} per day here (system properties the functions read at cold
 * start; presenceSubscribe keeps its default, it is the probe that the connection still works).
 */
class RouteLimitsE2eTest {
    private static final int PERMITS = 3;
    /**
     * A day: windows are aligned to the epoch, so with a minute a test that hammered just before a minute's end got a
     * fresh budget for its next request (it failed once that way).
     */
    private static final String WINDOW_SECONDS = "86400";

    static {
        for (Bucket b : Bucket.values()) {
            if (b != Bucket.PRESENCE_SUBSCRIBE) {
                System.setProperty(b.permitsKey(), Integer.toString(PERMITS));
                System.setProperty(b.windowKey(), WINDOW_SECONDS);
            }
        }
        System.setProperty(MessagingSettings.SEND_RATE_PERMITS, Integer.toString(PERMITS));
        System.setProperty(MessagingSettings.SEND_RATE_WINDOW_SECONDS, WINDOW_SECONDS);
    }

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @AfterAll
    static void clearLimits() {
        for (Bucket b : Bucket.values()) {
            System.clearProperty(b.permitsKey());
            System.clearProperty(b.windowKey());
        }
        System.clearProperty(MessagingSettings.SEND_RATE_PERMITS);
        System.clearProperty(MessagingSettings.SEND_RATE_WINDOW_SECONDS);
    }

    @Test
    void hammeringReceiptsIsRefusedAndTheOtherSidesReceiptsStillWork() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            String chatId = Frames.directChat(attacker.userId, victim.userId);
            String toAttacker = victim.send(attacker.userId, "aGk=").messageId();
            String toVictim = attacker.send(victim.userId, "aGk=").messageId();

            Hammer.untilRefused(attacker, PERMITS, PERMITS,
                    () -> Frames.receipt(chatId, "delivered", List.of(toAttacker)));

            Hammer.assertStillUsable(attacker);
            victim.receipt(chatId, "read", List.of(toVictim));
        }
    }

    @Test
    void syncAndHistoryAreRefusedEachOnItsOwnBudget() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            String chatId = Frames.directChat(attacker.userId, victim.userId);
            String sent = attacker.send(victim.userId, "aGk=").messageId();

            Hammer.untilRefused(attacker, PERMITS, PERMITS, () -> Frames.sync(null));
            Hammer.untilRefused(attacker, PERMITS, PERMITS, () -> Frames.history(chatId, null, 10));

            Hammer.assertStillUsable(attacker);
            assertThat(victim.sync(null).messageIds()).isNotEmpty().allMatch(sent::equals);
            assertThat(victim.request(Frames.history(chatId, null, 10)).path("messages")).hasSize(1);
        }
    }

    @Test
    void groupCreationIsRefusedAndTheInvitedVictimHearsOfAtMostTheLimit() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            Hammer.untilRefused(attacker, PERMITS, PERMITS,
                    () -> Frames.groupCreate("spam", List.of(victim.userId)));

            Hammer.assertStillUsable(attacker);
            new Backend(RUNTIME).awaitFanoutIdle();
            assertThat(victim.pending("message")).as("one 'created' message per group that was created")
                    .hasSizeBetween(PERMITS, 2 * PERMITS)
                    .allSatisfy(m -> assertThat(m.path("contentType").asText()).isEqualTo("chatline/system"));
            assertThat(victim.request(Frames.groupCreate("mine", List.of())).path("type").asText())
                    .isEqualTo("groupInfo");
        }
    }

    @Test
    void allGroupChangesDrawOnOneBudget() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice member = ChatDevice.connect(RUNTIME, uniqueUser("member"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            String groupId = attacker.request(Frames.groupCreate("g", List.of(member.userId, victim.userId)))
                    .path("groupId").asText();

            Hammer.untilRefused(attacker, PERMITS, PERMITS,
                    () -> Frames.groupChange("groupAdd", groupId, List.of(member.userId)));

            for (ObjectNode change : List.of(Frames.groupChange("groupRemove", groupId, List.of(member.userId)),
                    Frames.groupChange("groupAdmin", groupId, List.of(member.userId)),
                    Frames.groupChange("groupLeave", groupId, List.of()))) {
                assertThat(attacker.errorCode(change)).isEqualTo("RATE_LIMITED");
            }
            Hammer.assertStillUsable(attacker);
            assertThat(victim.request(Frames.groupChange("groupLeave", groupId, List.of())).path("left")
                    .asBoolean()).isTrue();
        }
    }

    @Test
    void cheapLookupsShareOneBudgetAndAreRefusedBeforeTheirFieldsAreRead() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            Hammer.untilRefused(attacker, PERMITS, PERMITS, () -> Frames.groupList());

            for (String action : List.of("groupInfo", "keysCount", "receiptInfo", "mediaDownload", "registerPush")) {
                assertThat(attacker.errorCode(Frames.action(action))).as(action).isEqualTo("RATE_LIMITED");
            }
            Hammer.assertStillUsable(attacker);
            assertThat(victim.request(Frames.groupList()).path("type").asText()).isEqualTo("groupList");
        }
    }

    @Test
    void keyUploadsAndMediaUploadsAreRefused() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            assertThat(attacker.request(TestKeys.upload(TestKeys.ecKey(), 1, 2)).path("type").asText())
                    .isEqualTo("keysUploaded");
            int[] next = {100};
            Hammer.untilRefused(attacker, PERMITS - 1, PERMITS, () -> TestKeys.oneTimeOnly(next[0] += 10, 1));
            Hammer.untilRefused(attacker, PERMITS, PERMITS, RouteLimitsE2eTest::smallImageUpload);

            Hammer.assertStillUsable(attacker);
            assertThat(victim.request(TestKeys.upload(TestKeys.ecKey(), 1, 2)).path("type").asText())
                    .isEqualTo("keysUploaded");
            assertThat(victim.request(smallImageUpload()).path("type").asText()).isEqualTo("mediaUpload");
        }
    }

    @Test
    void retriesOfAnAcknowledgedMessageTakeAPermitToo() throws Exception {
        try (ChatDevice attacker = ChatDevice.connect(RUNTIME, uniqueUser("mallory"), "phone");
             ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
            ObjectNode original = Frames.sendMessage(Frames.newClientMsgId(), victim.userId, "aGk=");
            JsonNode ack = attacker.request(original.deepCopy());
            assertThat(ack.path("type").asText()).isEqualTo("ack");

            Supplier<ObjectNode> retry = original::deepCopy;
            Hammer.untilRefused(attacker, PERMITS - 1, PERMITS, retry);

            Hammer.assertStillUsable(attacker);
            victim.send(attacker.userId, "c3RpbGwgd29ya3M=");
        }
    }

    @Test
    void connectingTooOftenIsRefusedWith429WhileOpenConnectionsAndOtherUsersAreUnaffected() throws Exception {
        String attacker = uniqueUser("mallory");
        List<ChatDevice> open = new ArrayList<>();
        try {
            int status = 0;
            for (int i = 0; i <= 2 * PERMITS && status == 0; i++) {
                try {
                    open.add(ChatDevice.connect(RUNTIME, attacker, "phone-" + i));
                } catch (RuntimeException refused) {
                    status = handshakeStatus(refused);
                }
            }

            assertThat(status).isEqualTo(429);
            assertThat(open).hasSizeBetween(PERMITS, 2 * PERMITS);
            Hammer.assertStillUsable(open.get(0));
            try (ChatDevice victim = ChatDevice.connect(RUNTIME, uniqueUser("victim"), "phone")) {
                Hammer.assertStillUsable(victim);
            }
        } finally {
            open.forEach(ChatDevice::close);
        }
    }

    private static ObjectNode smallImageUpload() {
        return Frames.mediaUpload("image/png", 1234, "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
    }

    private static int handshakeStatus(Throwable refused) {
        Throwable cause = refused;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a refused handshake").isNotNull();
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }
}

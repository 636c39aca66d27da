package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recipient is offline (or only looks online through a stale row): messages wait in the inbox for sync. */
class OfflineSyncE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static Backend backend;

    @BeforeAll
    static void openBackend() {
        backend = new Backend(RUNTIME);
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void offlineRecipientGetsMissedMessagesOnSyncInOrderExactlyOnce() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        registerDevice(bob, "phone");
        List<String> sent = new ArrayList<>();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            for (int i = 1; i <= 3; i++) {
                sent.add(alicePhone.send(bob, "b2ZmbGluZQ-" + i).messageId());
            }
        }
        backend.awaitFanoutIdle(); // every fan-out ran while bob was offline: nothing can reach him live

        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            ChatDevice.SyncPage page = bobPhone.sync(null);

            assertThat(page.messageIds()).containsExactlyElementsOf(sent);
            assertThat(page.seqs()).isSorted().doesNotHaveDuplicates();
            assertThat(page.messages()).allSatisfy(m -> {
                assertThat(m.path("from").path("userId").asText()).isEqualTo(alice);
                assertThat(m.path("chatId").asText()).isEqualTo(Frames.directChat(alice, bob));
            });
            assertThat(page.messages().get(2).path("body").asText()).isEqualTo("b2ZmbGluZQ-3");
            assertThat(page.complete().path("more").asBoolean()).isFalse();
            assertThat(page.complete().path("cursor").isTextual()).isTrue();

            bobPhone.receipt(Frames.directChat(alice, bob), "delivered", sent);
            ChatDevice.SyncPage again = bobPhone.sync(null);
            assertThat(again.messages()).isEmpty();
            assertThat(again.complete().path("cursor").isNull()).isTrue();
            assertThat(again.complete().path("more").asBoolean()).isFalse();
        }
    }

    @Test
    void syncPagesWithACursorWhenMoreThanAPageIsPending() throws Exception {
        String alice = uniqueUser("alice");
        String carol = uniqueUser("carol");
        String bob = uniqueUser("bob");
        registerDevice(bob, "phone");
        // 105 pending messages from two senders (each stays under the 100 messages / 10 s send limit)
        List<String> fromAlice = sendQuickly(alice, bob, 60);
        List<String> fromCarol = sendQuickly(carol, bob, 45);
        backend.awaitFanoutIdle();

        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            ChatDevice.SyncPage first = bobPhone.sync(null);
            assertThat(first.messages()).hasSize(100);
            assertThat(first.complete().path("more").asBoolean()).isTrue();
            String cursor = first.complete().path("cursor").asText();
            assertThat(cursor).isNotBlank();

            ChatDevice.SyncPage second = bobPhone.sync(cursor);
            assertThat(second.messages()).hasSize(5);
            assertThat(second.complete().path("more").asBoolean()).isFalse();

            List<JsonNode> all = new ArrayList<>(first.messages());
            all.addAll(second.messages());
            List<String> ids = all.stream().map(m -> m.path("messageId").asText()).toList();
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(concat(fromAlice, fromCarol));
            for (String chatId : List.of(Frames.directChat(alice, bob), Frames.directChat(carol, bob))) {
                assertThat(all.stream().filter(m -> chatId.equals(m.path("chatId").asText()))
                        .map(m -> m.path("seq").asLong()).toList()).as(chatId).isSorted();
            }
        }
    }

    @Test
    void connectionClosedWithoutDisconnectIsDroppedOnGoneAndTheMessageWaitsForSync() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        registerDevice(bob, "phone");
        String stale = "stale" + Long.toString(System.nanoTime(), 36) + "=";
        backend.putConnection(stale, bob, "phone");
        assertThat(backend.connectionRow(stale)).isNotEmpty();

        String messageId;
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            messageId = alicePhone.send(bob, "YWZ0ZXIgYSBjcmFzaA").messageId();
        }
        // the fan-out posted to the stale connection, got 410 GoneException and deleted exactly that row
        await().atMost(Duration.ofSeconds(15)).until(() -> backend.connectionRow(stale).isEmpty());

        try (ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            ChatDevice.SyncPage page = bobPhone.sync(null);
            assertThat(page.messageIds()).containsExactly(messageId);
            assertThat(page.messages().get(0).path("body").asText()).isEqualTo("YWZ0ZXIgYSBjcmFzaA");
        }
    }

    /** A user exists once one of their devices has connected: connect once, then go offline. */
    private static void registerDevice(String userId, String deviceId) throws InterruptedException {
        try (ChatDevice device = ChatDevice.connect(RUNTIME, userId, deviceId)) {
            assertThat(device.sync(null).messages()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> backend.connections().liveConnections(userId).isEmpty());
    }

    /** Sends {@code count} messages without waiting for each ack, then collects the acks in order. */
    private static List<String> sendQuickly(String from, String to, int count) throws InterruptedException {
        try (ChatDevice device = ChatDevice.connect(RUNTIME, from, "phone")) {
            List<String> clientMsgIds = IntStream.range(0, count).mapToObj(i -> Frames.newClientMsgId()).toList();
            clientMsgIds.forEach(id -> device.ws.send(Frames.sendMessage(id, to, "bWFueQ").toString()));
            List<String> messageIds = new ArrayList<>();
            for (String id : clientMsgIds) {
                JsonNode ack = device.awaitFrame(f -> id.equals(f.path("clientMsgId").asText()),
                        Duration.ofSeconds(60));
                assertThat(ack.path("type").asText()).as("reply %s", ack).isEqualTo("ack");
                messageIds.add(ack.path("messageId").asText());
            }
            return messageIds;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

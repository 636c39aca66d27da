package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** history: newest first, paged with beforeSeq/limit, own messages with the status bob's receipts reached. */
class HistoryE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @Test
    void senderPagesThroughTheChatNewestFirstWithTheStatusOfHerMessages() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String chatId = Frames.directChat(alice, bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            List<String> mine = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                mine.add(alicePhone.send(bob, "bXNn-" + i).path("messageId").asText());
            }
            String bobs = bobPhone.send(alice, "cmVwbHk").path("messageId").asText();
            bobPhone.receipt(chatId, "read", mine.subList(0, 2));
            bobPhone.receipt(chatId, "delivered", mine.subList(2, 3));

            Map<String, JsonNode> seen = new LinkedHashMap<>();
            Long beforeSeq = null;
            List<Integer> pageSizes = new ArrayList<>();
            do {
                JsonNode page = alicePhone.request(Frames.history(chatId, beforeSeq, 2));
                assertThat(page.path("type").asText()).as("reply %s", page).isEqualTo("history");
                assertThat(page.path("chatId").asText()).isEqualTo(chatId);
                page.path("messages").forEach(m -> assertThat(seen.put(m.path("messageId").asText(), m)).isNull());
                pageSizes.add(page.path("messages").size());
                beforeSeq = page.has("nextBeforeSeq") ? page.path("nextBeforeSeq").asLong() : null;
            } while (beforeSeq != null && pageSizes.size() < 10);

            assertThat(pageSizes).startsWith(2, 2, 2).allMatch(n -> n <= 2);
            List<Long> seqs = seen.values().stream().map(m -> m.path("seq").asLong()).toList();
            assertThat(seqs).hasSize(6).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            List<String> ids = new ArrayList<>(seen.keySet());
            assertThat(ids).containsExactly(bobs, mine.get(4), mine.get(3), mine.get(2), mine.get(1), mine.get(0));

            assertThat(seen.get(bobs).has("status")).as("only your own messages carry a status").isFalse();
            assertThat(seen.get(bobs).path("from").path("userId").asText()).isEqualTo(bob);
            assertThat(status(seen, mine.get(0))).isEqualTo("read");
            assertThat(status(seen, mine.get(1))).isEqualTo("read");
            assertThat(status(seen, mine.get(2))).isEqualTo("delivered");
            assertThat(status(seen, mine.get(3))).isEqualTo("sent");
            assertThat(status(seen, mine.get(4))).isEqualTo("sent");
            assertThat(seen.get(mine.get(0)).path("body").asText()).isEqualTo("bXNn-1");
            assertThat(seen.get(mine.get(0)).path("from").path("deviceId").asText()).isEqualTo("phone");
        }
    }

    @Test
    void defaultLimitReturnsTheWholeShortChatWithoutAContinuation() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String chatId = Frames.directChat(alice, bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, bob, "phone")) {
            alicePhone.send(bob, "b25l");
            alicePhone.send(bob, "dHdv");

            JsonNode forBob = bobPhone.request(Frames.history(chatId, null, null));

            assertThat(forBob.path("messages")).hasSize(2);
            assertThat(forBob.has("nextBeforeSeq")).isFalse();
            assertThat(forBob.path("messages").get(0).path("body").asText()).isEqualTo("dHdv");
            assertThat(forBob.path("messages").get(0).has("status")).as("alice's messages, seen by bob").isFalse();
        }
    }

    private static String status(Map<String, JsonNode> seen, String messageId) {
        return seen.get(messageId).path("status").asText();
    }
}

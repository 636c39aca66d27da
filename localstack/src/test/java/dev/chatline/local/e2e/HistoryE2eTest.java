package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ChatFrames.StoredMessage;
import dev.chatline.protocol.ClientMessage.History;
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
                mine.add(alicePhone.send(bob, "bXNn-" + i).messageId());
            }
            String bobs = bobPhone.send(alice, "cmVwbHk").messageId();
            bobPhone.receipt(chatId, "read", mine.subList(0, 2));
            bobPhone.receipt(chatId, "delivered", mine.subList(2, 3));

            Map<String, StoredMessage> seen = new LinkedHashMap<>();
            Long beforeSeq = null;
            List<Integer> pageSizes = new ArrayList<>();
            do {
                ChatFrames.History page = alicePhone.call(new History(chatId, beforeSeq, 2L), ChatFrames.History.class);
                assertThat(page.chatId()).isEqualTo(chatId);
                page.messages().forEach(m -> assertThat(seen.put(m.messageId(), m)).isNull());
                pageSizes.add(page.messages().size());
                beforeSeq = page.nextBeforeSeq();
            } while (beforeSeq != null && pageSizes.size() < 10);

            assertThat(pageSizes).startsWith(2, 2, 2).allMatch(n -> n <= 2);
            List<Long> seqs = seen.values().stream().map(StoredMessage::seq).toList();
            assertThat(seqs).hasSize(6).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            List<String> ids = new ArrayList<>(seen.keySet());
            assertThat(ids).containsExactly(bobs, mine.get(4), mine.get(3), mine.get(2), mine.get(1), mine.get(0));

            assertThat(seen.get(bobs).status()).as("only your own messages carry a status").isNull();
            assertThat(seen.get(bobs).from().userId()).isEqualTo(bob);
            assertThat(mine.stream().map(id -> seen.get(id).status()))
                    .containsExactly("read", "read", "delivered", "sent", "sent");
            assertThat(seen.get(mine.get(0)).body()).isEqualTo("bXNn-1");
            assertThat(seen.get(mine.get(0)).from().deviceId()).isEqualTo("phone");
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

            ChatFrames.History forBob = bobPhone.call(new History(chatId, null, null), ChatFrames.History.class);

            assertThat(forBob.messages()).hasSize(2);
            assertThat(forBob.nextBeforeSeq()).isNull();
            assertThat(forBob.messages().get(0).body()).isEqualTo("dHdv");
            assertThat(forBob.messages().get(0).status()).as("alice's messages, seen by bob").isNull();
        }
    }
}

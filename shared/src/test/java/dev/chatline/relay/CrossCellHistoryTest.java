package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.TwoCells;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code history} across two cells (stages {@code th-a}, {@code th-b}): alice lives in A, bob and dave in B, so
 * {@code d:alice:bob} and alice's groups live in A. A member in B reads the chat at its home (a {@code cellCall}),
 * with the same messages, statuses and refusals as in one cell.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellHistoryTest {
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity bobPhone = new Identity("bob", "phone");
    private final Identity davePhone = new Identity("dave", "phone");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "th", Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000"));
        a = cells.a;
        b = cells.b;
        assertThat(a.connectDevice(alicePhone)).isEmpty();
        assertThat(b.connectDevice(bobPhone)).isEmpty();
        assertThat(b.connectDevice(davePhone)).isEmpty();
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @Test
    void aMemberOfAnotherCellReadsAGroupsHistoryAtItsHomeWithStatuses() {
        String groupId = a.f().graph.groupService().create(alicePhone, "trip", List.of("bob"), "op-h1").groupId();
        b.f().graph.groupActions().run(bobPhone, new GroupActions.GroupAccept("op-h2", groupId));
        String chatId = ChatIds.group(groupId);
        String fromAlice = a.f().send.send(alicePhone, toGroup(groupId, "from alice")).messageId();
        String fromBob = b.f().send.send(bobPhone, toGroup(groupId, "from bob")).messageId();
        a.f().receiptService.apply(alicePhone, new Receipt(chatId, List.of(fromBob), "read"));

        ChatFrames.History page = b.f().history.history(bobPhone, chatId, OptionalLong.empty(), 50);
        assertThat(page.chatId()).isEqualTo(chatId);
        assertThat(page.messages()).extracting(ChatFrames.StoredMessage::messageId).contains(fromBob, fromAlice);
        assertThat(page.messages()).filteredOn(m -> m.messageId().equals(fromBob))
                .extracting(ChatFrames.StoredMessage::status).containsExactly("read");
        assertThat(page.messages()).filteredOn(m -> m.messageId().equals(fromAlice))
                .extracting(ChatFrames.StoredMessage::body).containsExactly("from alice");
        // the home's page for alice, less what came before bob joined (the group's creation): bob's memberSince
        List<String> ids = page.messages().stream().map(ChatFrames.StoredMessage::messageId).toList();
        List<String> inA = a.f().history.history(alicePhone, chatId, OptionalLong.empty(), 50).messages().stream()
                .map(ChatFrames.StoredMessage::messageId).toList();
        assertThat(inA).hasSize(ids.size() + 1).startsWith(ids.toArray(String[]::new));
    }

    @Test
    void aNonMemberOfAnotherCellIsRefusedByTheGroupsHome() {
        String groupId = a.f().graph.groupService().create(alicePhone, "secret", List.of(), "op-h3").groupId();
        a.f().send.send(alicePhone, toGroup(groupId, "members only"));
        assertThatThrownBy(() -> b.f().history.history(davePhone, ChatIds.group(groupId), OptionalLong.empty(), 50))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void bothUsersOfADirectChatSeeTheCompleteHistoryWithTheStatusesOfTheirMessages() {
        String chatId = "d:alice:bob";
        String fromBob = b.f().sendText(bobPhone, "alice", "bob's").get("messageId").asText();
        String fromAlice = a.f().sendText(alicePhone, "bob", "alice's").get("messageId").asText();
        cells.pumpRelay(b);
        a.f().receiptService.apply(alicePhone, new Receipt(chatId, List.of(fromBob), "read"));
        b.f().receiptService.apply(bobPhone, new Receipt(chatId, List.of(fromAlice), "delivered"));
        cells.pumpRelay(a);

        ChatFrames.History inB = b.f().history.history(bobPhone, chatId, OptionalLong.empty(), 50);
        ChatFrames.History inA = a.f().history.history(alicePhone, chatId, OptionalLong.empty(), 50);
        assertThat(inB.messages()).extracting(ChatFrames.StoredMessage::messageId)
                .isEqualTo(inA.messages().stream().map(ChatFrames.StoredMessage::messageId).toList())
                .contains(fromAlice, fromBob);
        assertThat(inB.messages()).filteredOn(m -> m.messageId().equals(fromBob))
                .extracting(ChatFrames.StoredMessage::status).containsExactly("read");
        assertThat(inA.messages()).filteredOn(m -> m.messageId().equals(fromAlice))
                .extracting(ChatFrames.StoredMessage::status).containsExactly("delivered");
    }

    private static SendMessage toGroup(String groupId, String body) {
        return SendMessage.toGroup(UUID.randomUUID().toString(), groupId, body, null);
    }
}

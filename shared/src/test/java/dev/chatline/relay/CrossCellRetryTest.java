package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retry receipts across two cells (stages {@code tr-a}, {@code tr-b}): alice lives in A, bob in B, so
 * {@code d:alice:bob} lives in A. A retry is applied where the chat lives and its {@code retryRequest} reaches the
 * sender in the sender's cell, as in one cell; the reader's inbox rows stay.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellRetryTest {
    private static final String CHAT = "d:alice:bob";
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity bobPhone = new Identity("bob", "phone");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "tr", Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000"));
        a = cells.a;
        b = cells.b;
        assertThat(a.connectDevice(alicePhone)).isEmpty();
        assertThat(b.connectDevice(bobPhone)).isEmpty();
        a.f().connect(alicePhone, "alice-conn");
        b.f().connect(bobPhone, "bob-conn");
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @BeforeEach
    void settle() {
        cells.pumpRelay(a);
        cells.pumpRelay(b);
        a.endpoint().clear();
        b.endpoint().clear();
    }

    @Test
    void aReaderInAnotherCellThanTheChatsHasItsRetryAppliedThereAndItsInboxRowsKept() {
        JsonNode ack = a.f().sendText(alicePhone, "bob", "undecryptable in b");
        String messageId = ack.get("messageId").asText();
        String entry = InboxStore.messageEntryKey(new MessageRef(CHAT, ack.get("seq").asLong()));
        assertThat(cells.pumpRelay(b)).isEqualTo(1);

        b.f().receiptService.apply(bobPhone, new Receipt(CHAT, List.of(messageId), "retry"));
        assertThat(entries(b.f(), bobPhone)).contains(entry);
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(retryRequests(a, "alice-conn")).containsExactly("bob#phone " + messageId);
        // no status moved at the home
        assertThat(a.f().receipts.header(new MessageRef(CHAT, ack.get("seq").asLong())).orElseThrow()
                .deliveredCount()).isZero();
    }

    @Test
    void aSenderInAnotherCellThanTheChatsGetsTheRetryRequestThroughItsCell() {
        JsonNode ack = b.f().sendText(bobPhone, "alice", "undecryptable in a");
        String messageId = ack.get("messageId").asText();
        cells.pumpRelay(b);
        b.endpoint().clear();

        a.f().receiptService.apply(alicePhone, new Receipt(CHAT, List.of(messageId), "retry"));
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(retryRequests(b, "bob-conn")).containsExactly("alice#phone " + messageId);
        assertThat(retryRequests(a, "alice-conn")).isEmpty();
    }

    @Test
    void aGroupMemberOfAnotherCellAsksTheSenderThroughTheGroupsHome() {
        String groupId = a.f().graph.groupService().create(alicePhone, "retries", List.of("bob"), "op-r1").groupId();
        b.f().graph.groupActions().run(bobPhone, new GroupActions.GroupAccept("op-r2", groupId));
        String chatId = ChatIds.group(groupId);
        String fromAlice = a.f().send.send(alicePhone, SendMessage.toGroup(UUID.randomUUID().toString(), groupId,
                "no sender key in b", null)).messageId();
        settle();

        b.f().receiptService.apply(bobPhone, new Receipt(chatId, List.of(fromAlice), "retry"));
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(retryRequests(a, "alice-conn")).containsExactly("bob#phone " + fromAlice);
    }

    static List<String> entries(MessagingFixture f, Identity device) {
        return f.inbox.page(new DeviceRef(device.userId(), device.deviceId()), Optional.empty(), 100).entries()
                .stream().map(InboxStore.Entry::entryKey).toList();
    }

    /** "user#device messageId" of each {@code retryRequest} posted to the connection. */
    private static List<String> retryRequests(TwoCells.Cell cell, String connectionId) {
        return cell.endpoint().framesTo(connectionId).stream().map(Json::read)
                .filter(f -> "retryRequest".equals(f.path("type").asText()))
                .flatMap(f -> {
                    String by = f.path("by").path("userId").asText() + "#" + f.path("by").path("deviceId").asText();
                    List<String> out = new java.util.ArrayList<>();
                    f.get("messageIds").forEach(id -> out.add(by + " " + id.asText()));
                    return out.stream();
                }).toList();
    }
}

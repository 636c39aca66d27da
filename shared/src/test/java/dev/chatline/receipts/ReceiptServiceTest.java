package dev.chatline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptServiceTest {
    private MessagingFixture f;
    private Identity alice;
    private Identity bobPhone;
    private Identity bobTablet;
    private Identity carol;

    @BeforeAll
    void provision(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "receipts", null,
                Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000")));
        alice = f.device("alice", "phone");
        f.device("alice", "laptop");
        bobPhone = f.device("bob", "phone");
        bobTablet = f.device("bob", "tablet");
        carol = f.device("carol", "phone");
    }

    @AfterAll
    void close() {
        f.close();
    }

    @BeforeEach
    void noPendingEvents() {
        receiptEvents();
    }

    private String send(String body) {
        return f.sendText(alice, "bob", body).get("messageId").asText();
    }

    private void receipt(Identity who, MessageStatus status, String... ids) {
        f.receiptService.apply(who, new Receipt("d:alice:bob", List.of(ids), status.wire()));
    }

    /**
     * The receipt events the sender's devices got since the last call: alice's devices are offline, so each event
     * is stored in both devices' inboxes (read from the phone's, checked on the laptop's, then removed).
     */
    private List<JsonNode> receiptEvents() {
        List<JsonNode> phone = takeEvents("alice#phone");
        assertThat(takeEvents("alice#laptop")).isEqualTo(phone);
        assertThat(f.env.drain(f.env.fanoutQueueUrl)).as("events are delivered directly, not queued").isEmpty();
        return phone;
    }

    private List<JsonNode> takeEvents(String deviceKey) {
        List<InboxStore.Entry> events = f.inbox.page(DeviceRef.parse(deviceKey), Optional.empty(), 100).entries().stream()
                .filter(e -> e.frame().isPresent()).toList();
        f.inbox.delete(DeviceRef.parse(deviceKey), events.stream().map(InboxStore.Entry::entryKey).toList());
        return events.stream().map(e -> Json.read(e.frame().orElseThrow())).toList();
    }

    private ErrorCode errorOf(Runnable r) {
        try {
            r.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no ProtocolException");
    }

    @Test
    void senderGetsExactlyOneEventPerStatusAndStatusOnlyMovesForward() {
        String id = send("hi");
        receiptEvents();
        receipt(bobPhone, MessageStatus.DELIVERED, id);
        List<JsonNode> delivered = receiptEvents();
        assertThat(delivered).hasSize(1);
        JsonNode frame = delivered.get(0);
        assertThat(frame.get("type").asText()).isEqualTo("receipt");
        assertThat(frame.get("status").asText()).isEqualTo("delivered");
        assertThat(frame.get("by").asText()).isEqualTo("bob");
        assertThat(frame.get("chatId").asText()).isEqualTo("d:alice:bob");
        assertThat(frame.get("messageIds").get(0).asText()).isEqualTo(id);
        assertThat(frame.get("ts").asLong()).isEqualTo(f.clock.millis());

        receipt(bobTablet, MessageStatus.DELIVERED, id); // same user, other device: no new status
        assertThat(receiptEvents()).isEmpty();

        receipt(bobPhone, MessageStatus.READ, id);
        assertThat(receiptEvents()).singleElement().satisfies(j ->
                assertThat(j.get("status").asText()).isEqualTo("read"));
        receipt(bobTablet, MessageStatus.READ, id);
        receipt(bobTablet, MessageStatus.DELIVERED, id); // backwards: ignored
        assertThat(receiptEvents()).isEmpty();

        var header = f.receipts.header(new MessageRef("d:alice:bob", MessageIds.seqOf(id).getAsLong())).orElseThrow();
        assertThat(header.deliveredCount()).isEqualTo(1);
        assertThat(header.readCount()).isEqualTo(1);
        assertThat(header.deliveredBy()).isEqualTo("phone");
        JsonNode history = Json.read(ProtocolJson.encode(
                f.history.history(alice, "d:alice:bob", java.util.OptionalLong.empty(), 1)));
        assertThat(history.get("messages").get(0).get("status").asText()).isEqualTo("read");
    }

    @Test
    void readOnAnUndeliveredMessageIsOneReadEvent() {
        String id = send("straight to read");
        receiptEvents();
        receipt(bobPhone, MessageStatus.READ, id);
        assertThat(receiptEvents()).extracting(j -> j.get("status").asText()).containsExactly("read");
        receipt(bobPhone, MessageStatus.DELIVERED, id); // implied already: nothing new for the sender
        assertThat(receiptEvents()).isEmpty();
    }

    /**
     * The sender is told before a status is stored, so a stored status was announced: no repeat of it announces
     * again — from the same device, from another one, or with the message back in the device's inbox.
     */
    @Test
    void aRepeatedReceiptOfAStoredStatusTellsTheSenderNothing() {
        String id = send("repeat");
        receiptEvents();
        receipt(bobPhone, MessageStatus.DELIVERED, id);
        assertThat(receiptEvents()).hasSize(1);
        receipt(bobTablet, MessageStatus.DELIVERED, id);
        receipt(bobPhone, MessageStatus.DELIVERED, id);
        MessageRef ref = new MessageRef("d:alice:bob", MessageIds.seqOf(id).getAsLong());
        f.inbox.addMessage(List.of(DeviceRef.parse("bob#phone")), ref, f.clock.instant().plus(Duration.ofDays(1)).getEpochSecond());
        receipt(bobPhone, MessageStatus.DELIVERED, id);

        assertThat(receiptEvents()).isEmpty();
        assertThat(f.inbox.existing(DeviceRef.parse("bob#phone"), List.of(InboxStore.messageEntryKey(ref)))).as("still removed")
                .isEmpty();
    }

    @Test
    void oneReceiptForManyMessagesProducesOneEventListingThemAll() {
        String a = send("a");
        String b = send("b");
        receiptEvents();
        receipt(bobPhone, MessageStatus.DELIVERED, a, b);
        assertThat(receiptEvents()).singleElement().satisfies(j -> assertThat(j.get("messageIds"))
                .extracting(JsonNode::asText).containsExactly(a, b));
    }

    @Test
    void senderAndNonMembersMayNotAcknowledge() {
        String id = send("mine");
        assertThat(errorOf(() -> receipt(alice, MessageStatus.DELIVERED, id))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(errorOf(() -> receipt(carol, MessageStatus.DELIVERED, id))).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void unknownForgedOrExpiredIdsAreRejectedAndNothingIsApplied() {
        String good = send("good");
        String expired = send("old");
        receiptEvents();
        long seq = MessageIds.seqOf(good).getAsLong();
        String forged = "01ARZ3NDEKTSV4RRFFQ69G5FAV-" + seq; // right seq, wrong ULID
        String missing = new MessageIds(f.clock).next(999_999);
        for (String bad : List.of(forged, missing, "not-a-message-id")) {
            assertThat(errorOf(() -> receipt(bobPhone, MessageStatus.READ, good, bad))).as(bad)
                    .isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        }
        f.clock.advance(Duration.ofDays(31));
        try {
            assertThat(errorOf(() -> receipt(bobPhone, MessageStatus.READ, expired)))
                    .isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
        } finally {
            f.clock.advance(Duration.ofDays(-31));
        }
        assertThat(receiptEvents()).isEmpty();
        assertThat(f.receipts.header(new MessageRef("d:alice:bob", seq)).orElseThrow().deliveredCount()).isZero();
        receipt(bobPhone, MessageStatus.DELIVERED, good); // still the first delivered receipt
        assertThat(receiptEvents()).hasSize(1);
    }

    @Test
    void deliveredReceiptDeletesOnlyThatDevicesInboxRows() {
        String id = send("to both devices");
        String entry = InboxStore.messageEntryKey(new MessageRef("d:alice:bob", MessageIds.seqOf(id).getAsLong()));
        receipt(bobPhone, MessageStatus.DELIVERED, id);
        assertThat(f.inbox.page(DeviceRef.parse("bob#phone"), Optional.empty(), 100).entries())
                .extracting(InboxStore.Entry::entryKey).doesNotContain(entry);
        assertThat(f.inbox.page(DeviceRef.parse("bob#tablet"), Optional.empty(), 100).entries())
                .extracting(InboxStore.Entry::entryKey).contains(entry);
        receipt(bobTablet, MessageStatus.READ, id);
        assertThat(f.inbox.page(DeviceRef.parse("bob#tablet"), Optional.empty(), 100).entries())
                .extracting(InboxStore.Entry::entryKey).doesNotContain(entry);
    }
}

package dev.chatline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.SendMessage.Envelope;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Two cells on one emulator (stages {@code t-a}, {@code t-b}, one directory): alice lives in A, bob in B, so their
 * chat {@code d:alice:bob} lives in A (the home of the lower user id). Real SDK clients throughout: DynamoDB and SQS
 * on moto, Lambda's Invoke (the forwarded send) on an emulation of its API.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCellMessagingTest {
    private static final String CHAT = "d:alice:bob";
    private TwoCells cells;
    private TwoCells.Cell a;
    private TwoCells.Cell b;
    private final Identity alicePhone = new Identity("alice", "phone");
    private final Identity aliceLaptop = new Identity("alice", "laptop");
    private final Identity bobPhone = new Identity("bob", "phone");
    private final Identity bobTablet = new Identity("bob", "tablet");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "t", Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000"));
        a = cells.a;
        b = cells.b;
        assertThat(a.connectDevice(alicePhone)).isEmpty();
        assertThat(a.connectDevice(aliceLaptop)).isEmpty();
        assertThat(b.connectDevice(bobPhone)).isEmpty();
        assertThat(b.connectDevice(bobTablet)).isEmpty();
        a.f().connect(alicePhone, "alice-phone-conn");
        b.f().connect(bobPhone, "bob-phone-conn");
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @BeforeEach
    void clearPosts() {
        a.endpoint().clear();
        b.endpoint().clear();
    }

    @Test
    void aUserConnectingToAnotherCellThanItsHomeIsRefused() {
        assertThat(a.connectDevice(new Identity("bob", "laptop"))).contains("b");
        assertThat(b.connectDevice(new Identity("alice", "tablet"))).contains("a");
        // refused before anything was written: the device is in neither cell
        assertThat(a.f().devices.deviceIds("bob")).isEmpty();
        assertThat(b.f().devices.deviceIds("alice")).isEmpty();
    }

    @Test
    void aMessageFromTheChatsHomeReachesTheOtherCellsUserAndReceiptsComeBack() {
        JsonNode ack = a.f().sendText(alicePhone, "bob", "hello from a");
        assertThat(ack.get("chatId").asText()).isEqualTo(CHAT);
        String messageId = ack.get("messageId").asText();
        MessageRef ref = new MessageRef(CHAT, ack.get("seq").asLong());
        String entry = InboxStore.messageEntryKey(ref);
        // the home holds the message and its own users' inbox rows only
        assertThat(a.f().messages.get(ref)).isPresent();
        assertThat(entries(a.f(), aliceLaptop)).contains(entry);
        assertThat(entries(a.f(), bobPhone)).isEmpty();

        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(b.f().messages.get(ref)).map(m -> m.body()).contains("hello from a");
        assertThat(entries(b.f(), bobPhone)).contains(entry);
        assertThat(entries(b.f(), bobTablet)).contains(entry);
        assertThat(b.endpoint().framesTo("bob-phone-conn")).anySatisfy(f -> assertThat(f).contains(messageId));
        assertThat(b.env().drainAll(b.env().pushCaptureQueueUrl)).extracting(Message::body)
                .anySatisfy(p -> assertThat(p).contains("tablet").contains(messageId));

        b.f().receiptService.apply(bobPhone, new Receipt(CHAT, List.of(messageId), "delivered"));
        assertThat(entries(b.f(), bobPhone)).doesNotContain(entry);
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(a.f().receipts.header(ref).orElseThrow().deliveredCount()).isEqualTo(1);
        assertThat(receiptEvents(a, "alice-phone-conn")).contains("delivered " + messageId);

        b.f().receiptService.apply(bobTablet, new Receipt(CHAT, List.of(messageId), "read"));
        assertThat(cells.pumpRelay(a)).isEqualTo(1);
        assertThat(a.f().receipts.header(ref).orElseThrow().readCount()).isEqualTo(1);
        assertThat(receiptEvents(a, "alice-phone-conn")).contains("read " + messageId);
    }

    @Test
    void aSendFromTheOtherCellIsForwardedToTheChatsHomeAndItsReadReceiptRelayedBack() {
        JsonNode ack = b.f().sendText(bobPhone, "alice", "hello from b");
        assertThat(ack.get("chatId").asText()).isEqualTo(CHAT);
        String messageId = ack.get("messageId").asText();
        MessageRef ref = new MessageRef(CHAT, ack.get("seq").asLong());
        // stored and delivered by the home, before the ack
        assertThat(a.f().messages.get(ref)).map(m -> m.senderUserId() + ": " + m.body())
                .contains("bob: hello from b");
        assertThat(a.endpoint().framesTo("alice-phone-conn")).anySatisfy(f -> assertThat(f).contains(messageId));
        assertThat(a.f().idempotency.get("bob", Json.read(ack.toString()).get("clientMsgId").asText())).isPresent();
        // the sender's other device lives in B: relayed there
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(entries(b.f(), bobTablet)).contains(InboxStore.messageEntryKey(ref));
        assertThat(entries(b.f(), bobPhone)).doesNotContain(InboxStore.messageEntryKey(ref));

        a.f().receiptService.apply(alicePhone, new Receipt(CHAT, List.of(messageId), "read"));
        assertThat(a.f().receipts.header(ref).orElseThrow().readCount()).isEqualTo(1);
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(receiptEvents(b, "bob-phone-conn")).contains("read " + messageId);
    }

    @Test
    void theSendersCellKeepsAReplicaEvenWithoutAnotherDeviceToTell() {
        Identity cat = new Identity("cat", "phone");
        assertThat(b.connectDevice(cat)).isEmpty();
        JsonNode ack = b.f().sendText(cat, "alice", "only device");
        MessageRef ref = new MessageRef("d:alice:cat", ack.get("seq").asLong());
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(b.f().messages.get(ref)).map(m -> m.body()).contains("only device");
        assertThat(entries(b.f(), cat)).isEmpty();
        // the chat's first message: each cell records the two users as contacts
        assertThat(b.f().contacts.contactsAmong("cat", List.of("alice"))).contains("alice");
    }

    @Test
    void aForwardedSendThatTheHomeRefusesIsRefusedWithTheHomesError() {
        // envelopes for alice's phone only: the home finds alice's laptop and bob's tablet missing
        SendMessage partial = SendMessage.withEnvelopes(UUID.randomUUID().toString(), "alice", null,
                List.of(new Envelope("alice", "phone", "message", "Y2lwaGVy", null)));
        assertThatThrownBy(() -> b.f().send.send(bobPhone, partial)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_MISMATCH));
    }

    @Test
    void anEncryptedMessageCarriesToEachCellOnlyTheEnvelopesOfItsDevices() {
        SendMessage sealed = SendMessage.withEnvelopes(UUID.randomUUID().toString(), "alice", null,
                List.of(envelope("alice", "phone"), envelope("alice", "laptop"), envelope("bob", "tablet")));
        JsonNode ack = Json.read(dev.chatline.protocol.ProtocolJson.encode(b.f().send.send(bobPhone, sealed)));
        MessageRef ref = new MessageRef(CHAT, ack.get("seq").asLong());
        String entry = InboxStore.messageEntryKey(ref);
        assertThat(entries(a.f(), aliceLaptop)).contains(entry);
        assertThat(entries(a.f(), bobTablet)).doesNotContain(entry);

        List<Message> jobs = b.env().drainAll(b.relayUrl());
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).body()).contains("for bob#tablet").doesNotContain("for alice#");
        b.f().graph.relayService().process(jobs.get(0).body());
        assertThat(b.f().messages.get(ref).orElseThrow().envelopes()).containsOnlyKeys(new DeviceRef("bob", "tablet"));
        assertThat(entries(b.f(), bobTablet)).contains(entry);
    }

    private static Envelope envelope(String userId, String deviceId) {
        return new Envelope(userId, deviceId, "message", "for " + userId + "#" + deviceId, null);
    }

    @Test
    void aRelayedMessageProcessedTwiceLeavesTheSameRows() {
        String messageId = a.f().sendText(alicePhone, "bob", "twice").get("messageId").asText();
        List<Message> jobs = b.env().drainAll(b.relayUrl());
        assertThat(jobs).hasSize(1);
        RelayService relay = b.f().graph.relayService();
        relay.process(jobs.get(0).body());
        relay.process(jobs.get(0).body());

        MessageRef ref = new MessageRef(CHAT, MessageIds.seqOf(messageId).orElseThrow());
        assertThat(b.f().messages.get(ref)).map(m -> m.messageId()).contains(messageId);
        assertThat(entries(b.f(), bobTablet)).containsOnlyOnce(InboxStore.messageEntryKey(ref));
        // posted again (clients de-duplicate by messageId), nothing else
        assertThat(b.endpoint().framesTo("bob-phone-conn")).hasSize(2)
                .allSatisfy(f -> assertThat(f).contains(messageId));
    }

    @Test
    void aSendWhoseRelayFailedIsNotAckedAndItsRetryRelaysIt() {
        AtomicInteger sends = new AtomicInteger();
        MessagingFixture faulty = cells.withInterceptors(a, List.of(Interceptors.before(
                software.amazon.awssdk.services.sqs.model.SendMessageRequest.class, r -> {
                    if (sends.getAndIncrement() == 0) {
                        throw new IllegalStateException("injected: the relay queue is unreachable once");
                    }
                })));
        SendMessage request = MessagingFixture.text("bob", "relayed on retry");
        assertThatThrownBy(() -> faulty.send.send(alicePhone, request)).hasMessageContaining("injected");
        assertThat(b.env().drainAll(b.relayUrl())).isEmpty();

        JsonNode ack = Json.read(dev.chatline.protocol.ProtocolJson.encode(faulty.send.send(alicePhone, request)));
        assertThat(cells.pumpRelay(b)).isEqualTo(1);
        assertThat(entries(b.f(), bobPhone))
                .contains(InboxStore.messageEntryKey(new MessageRef(CHAT, ack.get("seq").asLong())));
    }

    @Test
    void aRelayJobThatFailsIsRetriedAndNothingIsLost() {
        AtomicInteger writes = new AtomicInteger();
        MessagingFixture faulty = cells.withInterceptors(b, List.of(Interceptors.before(BatchWriteItemRequest.class,
                r -> {
                    if (writes.getAndIncrement() == 0) {
                        throw new IllegalStateException("injected: the inbox write fails once");
                    }
                })));
        JsonNode ack = a.f().sendText(alicePhone, "bob", "retried");
        String entry = InboxStore.messageEntryKey(new MessageRef(CHAT, ack.get("seq").asLong()));

        assertThat(cells.pumpRelay(b, faulty.graph.relayService())).isZero();
        assertThat(entries(b.f(), bobPhone)).doesNotContain(entry);
        assertThat(cells.pumpRelay(b, faulty.graph.relayService())).isEqualTo(1);
        assertThat(entries(b.f(), bobPhone)).contains(entry);
        assertThat(b.endpoint().framesTo("bob-phone-conn"))
                .anySatisfy(f -> assertThat(f).contains(ack.get("messageId").asText()));
    }

    private static List<String> entries(MessagingFixture f, Identity device) {
        return f.inbox.page(new DeviceRef(device.userId(), device.deviceId()), Optional.empty(), 100).entries()
                .stream().map(InboxStore.Entry::entryKey).toList();
    }

    /** "status messageId" of each receipt event posted to the connection. */
    private static List<String> receiptEvents(TwoCells.Cell cell, String connectionId) {
        return cell.endpoint().framesTo(connectionId).stream().map(Json::read)
                .filter(f -> "receipt".equals(f.path("type").asText()))
                .flatMap(f -> {
                    List<String> out = new java.util.ArrayList<>();
                    f.get("messageIds").forEach(id -> out.add(f.get("status").asText() + " " + id.asText()));
                    return out.stream();
                }).toList();
    }
}

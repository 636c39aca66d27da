package dev.chatline.functions.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.relay.CellCall;
import dev.chatline.protocol.SendMessage;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TwoCells;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/** The relay consumer and the cellCall function on two cells of one emulator, with events as Lambda passes them. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayHandlersTest {
    private TwoCells cells;
    private final Identity alice = new Identity("alice", "phone");
    private final Identity bob = new Identity("bob", "phone");

    @BeforeAll
    void provision(MotoServer moto) {
        cells = TwoCells.provision(moto, "fh", Map.of(MessagingSettings.SEND_RATE_PERMITS, "100"));
        cells.a.connectDevice(alice);
        cells.b.connectDevice(bob);
        cells.b.connectDevice(new Identity("bea", "phone"));
    }

    @AfterAll
    void close() {
        cells.close();
    }

    @Test
    void theRelayConsumerAppliesItsJobsAndReportsOnlyTheOneThatFails() {
        long seq = cells.a.f().sendText(alice, "bob", "relayed").get("seq").asLong();
        cells.a.f().sendText(alice, "bea", "fails at first");
        List<Message> jobs = cells.b.env().drainAll(cells.b.relayUrl());
        assertThat(jobs).extracting(Message::body).hasSize(2);
        String toBob = jobs.stream().map(Message::body).filter(j -> j.contains("\"bob\"")).findFirst().orElseThrow();
        String toBea = jobs.stream().map(Message::body).filter(j -> j.contains("\"bea\"")).findFirst().orElseThrow();
        // B's writes of the replica of d:alice:bea fail
        MessagingFixture faulty = cells.withInterceptors(cells.b, List.of(Interceptors.before(
                TransactWriteItemsRequest.class, r -> {
                    if (r.toString().contains("d:alice:bea")) {
                        throw new IllegalStateException("injected");
                    }
                })));

        SQSBatchResponse response = new RelayHandler(faulty.graph).handleRequest(event(
                new String[] {"d:alice:bob", toBob}, new String[] {"d:alice:bea", toBea},
                new String[] {"d:carl:dora", "{}"}), null);

        // the malformed record is dropped (it can never succeed), the failed one reported for a retry
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1");
        assertThat(cells.b.f().inbox.page(new DeviceRef("bob", "phone"), Optional.empty(), 10).entries())
                .extracting(InboxStore.Entry::entryKey)
                .contains(InboxStore.messageEntryKey(new MessageRef("d:alice:bob", seq)));
    }

    @Test
    void cellCallAnswersAForwardedSendWithTheAckOrTheRefusal() {
        CellCallHandler handler = new CellCallHandler(cells.a.f().graph.cellCallService());
        Map<String, Object> ack = handler.handleRequest(request(SendMessage.direct(UUID.randomUUID().toString(),
                "alice", "forwarded", null)), null);
        assertThat(ack).containsKey("ack").doesNotContainKey("error");
        assertThat(((Map<?, ?>) ack.get("ack")).get("chatId")).isEqualTo("d:alice:bob");

        Map<String, Object> refused = handler.handleRequest(request(SendMessage.direct(
                UUID.randomUUID().toString(), "bob", "to myself", null)), null);
        assertThat(((Map<?, ?>) refused.get("error")).get("code")).isEqualTo("INVALID_FIELD");
    }

    private Map<String, Object> request(SendMessage send) {
        return dev.chatline.protocol.Json.MAPPER.convertValue(
                dev.chatline.protocol.Json.read(CellCall.send(bob, send).toJson()),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    /** The SQS sample event with one record per {chat, body}, message ids m0, m1, .... */
    private static SQSEvent event(String[]... chatAndBody) {
        SQSEvent event = EventLoader.loadSQSEvent(WsEvents.sample("sqs-fanout.json"));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < chatAndBody.length; i++) {
            SQSEvent.SQSMessage r = EventLoader.loadSQSEvent(WsEvents.sample("sqs-fanout.json")).getRecords().get(0);
            r.setMessageId("m" + i);
            r.getAttributes().put("MessageGroupId", chatAndBody[i][0]);
            r.setBody(chatAndBody[i][1]);
            records.add(r);
        }
        event.setRecords(records);
        return event;
    }
}

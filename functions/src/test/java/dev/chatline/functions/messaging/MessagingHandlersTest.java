package dev.chatline.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.receipts.ReceiptHandler;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.Json;
import dev.chatline.testing.FakeConnections;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** sendMessage, receipt, sync and history handlers with events from JSON samples, on moto. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagingHandlersTest {
    private final FakeConnections endpoint = new FakeConnections();
    private MessagingFixture f;
    private SendMessageHandler send;
    private ReceiptHandler receipt;
    private SyncHandler sync;
    private HistoryHandler history;

    @BeforeAll
    void setUp(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "msg-handlers", endpoint.endpoint(),
                Map.of(MessagingSettings.SEND_RATE_PERMITS, "1000")));
        MessagingWiring wiring = new MessagingWiring(f.env.aws, f.clock);
        send = new SendMessageHandler(wiring.sendService(), wiring.routeGuard());
        receipt = new ReceiptHandler(wiring.receiptService(), wiring.routeGuard());
        sync = new SyncHandler(wiring.syncService(), wiring.routeGuard());
        history = new HistoryHandler(wiring.historyService(), wiring.routeGuard());
        f.device("alice", "phone-1");
        f.device("bob", "phone");
        f.device("carol", "phone");
    }

    @AfterAll
    void tearDown() {
        f.close();
        endpoint.close();
    }

    /** A frame from {@code who} (the sample's authorizer context, re-pointed). */
    private static JsonNode call(RouteHandler handler, Identity who, String route, String body) {
        APIGatewayV2WebSocketEvent e = WsEvents.message(who.userId() + "-conn=", route, body);
        e.getRequestContext().setAuthorizer(Map.of("userId", who.userId(), "deviceId", who.deviceId()));
        return Json.read(handler.handleRequest(e, null).getBody());
    }

    private JsonNode sendFromAlice(String clientMsgId, String body) {
        return call(send, new Identity("alice", "phone-1"), "sendMessage", "{\"action\":\"sendMessage\","
                + "\"requestId\":\"s1\",\"clientMsgId\":\"" + clientMsgId + "\",\"to\":\"bob\",\"body\":\"" + body
                + "\"}");
    }

    @Test
    void sendMessageAcksWithTheSenderFromTheAuthorizerContext() {
        String clientMsgId = UUID.randomUUID().toString();
        JsonNode ack = sendFromAlice(clientMsgId, "hi bob");
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("requestId").asText()).isEqualTo("s1");
        assertThat(ack.get("clientMsgId").asText()).isEqualTo(clientMsgId);
        assertThat(ack.get("chatId").asText()).isEqualTo("d:alice:bob");
        assertThat(sendFromAlice(clientMsgId, "hi bob")).isEqualTo(ack);
    }

    @Test
    void sendMessageErrorsEchoRequestIdAndClientMsgId() {
        JsonNode err = call(send, new Identity("alice", "phone-1"), "sendMessage",
                "{\"action\":\"sendMessage\",\"requestId\":\"s2\",\"clientMsgId\":\"nope\",\"to\":\"bob\","
                        + "\"body\":\"x\"}");
        assertThat(err.get("type").asText()).isEqualTo("error");
        assertThat(err.get("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(err.get("requestId").asText()).isEqualTo("s2");
        assertThat(err.get("clientMsgId").asText()).isEqualTo("nope");
        JsonNode self = call(send, new Identity("alice", "phone-1"), "sendMessage",
                "{\"action\":\"sendMessage\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"to\":\"alice\","
                        + "\"body\":\"x\"}");
        assertThat(self.get("code").asText()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void syncPostsToTheCallersConnectionAndRepliesSyncComplete() {
        String messageId = sendFromAlice(UUID.randomUUID().toString(), "for sync").get("messageId").asText();
        JsonNode done = call(sync, new Identity("bob", "phone"), "sync", "{\"action\":\"sync\",\"requestId\":\"y\"}");
        assertThat(done.get("type").asText()).isEqualTo("syncComplete");
        assertThat(done.get("requestId").asText()).isEqualTo("y");
        assertThat(done.get("more").asBoolean()).isFalse();
        assertThat(endpoint.framesTo("bob-conn=")).anyMatch(fr -> fr.contains(messageId));
    }

    @Test
    void receiptAcksAndHistoryShowsTheStatusToTheSender() {
        String messageId = sendFromAlice(UUID.randomUUID().toString(), "read me").get("messageId").asText();
        JsonNode ack = call(receipt, new Identity("bob", "phone"), "receipt", "{\"action\":\"receipt\","
                + "\"requestId\":\"rc\",\"chatId\":\"d:alice:bob\",\"messageIds\":[\"" + messageId + "\"],"
                + "\"status\":\"read\"}");
        assertThat(ack.toString()).isEqualTo("{\"type\":\"ack\",\"requestId\":\"rc\",\"action\":\"receipt\"}");
        JsonNode h = call(history, new Identity("alice", "phone-1"), "history",
                "{\"action\":\"history\",\"chatId\":\"d:alice:bob\",\"limit\":1}");
        assertThat(h.get("type").asText()).isEqualTo("history");
        assertThat(h.get("messages").get(0).get("messageId").asText()).isEqualTo(messageId);
        assertThat(h.get("messages").get(0).get("status").asText()).isEqualTo("read");
    }

    @Test
    void receiptOfTheSendersOwnMessageIsForbidden() {
        String messageId = sendFromAlice(UUID.randomUUID().toString(), "mine").get("messageId").asText();
        JsonNode err = call(receipt, new Identity("alice", "phone-1"), "receipt", "{\"action\":\"receipt\","
                + "\"chatId\":\"d:alice:bob\",\"messageIds\":[\"" + messageId + "\"],\"status\":\"delivered\"}");
        assertThat(err.get("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void historyValidatesLimitAndMembership() {
        assertThat(call(history, new Identity("alice", "phone-1"), "history",
                "{\"action\":\"history\",\"chatId\":\"d:alice:bob\",\"limit\":101}").get("code").asText())
                .isEqualTo("INVALID_FIELD");
        assertThat(call(history, new Identity("carol", "phone"), "history",
                "{\"action\":\"history\",\"chatId\":\"d:alice:bob\"}").get("code").asText())
                .isEqualTo("FORBIDDEN");
        assertThat(call(history, new Identity("carol", "never-connected"), "history",
                "{\"action\":\"history\",\"chatId\":\"d:alice:bob\"}").get("code").asText())
                .as("a device the server never saw connect").isEqualTo("NOT_LINKED");
    }
}

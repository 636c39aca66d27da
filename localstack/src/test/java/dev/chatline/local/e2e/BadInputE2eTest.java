package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.WireFrames.TIMEOUT;
import static dev.chatline.local.e2e.WireFrames.heartbeat;
import static dev.chatline.local.e2e.Frames.parse;
import static dev.chatline.local.e2e.WireFrames.ofType;
import static dev.chatline.protocol.ErrorCode.INVALID_FIELD;
import static dev.chatline.protocol.ErrorCode.INVALID_JSON;
import static dev.chatline.protocol.ErrorCode.MISSING_FIELD;
import static dev.chatline.protocol.ErrorCode.UNKNOWN_ACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.ErrorCode;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed client frame, sent over one connection: each gets exactly one {@code error} frame with
 * its stable code, the frame's {@code requestId} (and {@code clientMsgId}) echoed, and the same connection keeps
 * working afterwards (a {@code heartbeat} is answered).
 */
class BadInputE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static final String MSG_ID = "0b6f1e9c-8c1e-4d53-9d57-2c4d2f5e8a11";
    private static WsTestClient client;

    @BeforeAll
    static void connect() {
        client = RUNTIME.connectAs("mallory", "phone");
    }

    /** A failed case must not leave frames behind for the next one. */
    @AfterEach
    void drain() throws InterruptedException {
        for (String leftover : client.pending()) {
            client.await(leftover::equals, TIMEOUT);
        }
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @ParameterizedTest(name = "[{index}] {1} for {0}")
    @MethodSource("badFrames")
    void badFrameGetsOneErrorFrameAndTheConnectionStaysUsable(String frame, ErrorCode code, String requestId,
                                                              String clientMsgId, String messageMentions)
            throws Exception {
        client.send(frame);

        JsonNode error = parse(client.await(ofType("error"), TIMEOUT));
        assertThat(error.path("code").asText()).isEqualTo(code.name());
        assertThat(error.path("requestId").asText(null)).isEqualTo(requestId);
        assertThat(error.path("clientMsgId").asText(null)).isEqualTo(clientMsgId);
        assertThat(error.path("message").asText()).contains(messageMentions);
        heartbeat(client);
        assertThat(client.pending()).as("one error frame only").isEmpty();
        assertThat(client.isOpen()).isTrue();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                // $default: not a JSON object, no/invalid action, unknown action
                bad("not json at all", INVALID_JSON, null, null, "JSON"),
                bad("", INVALID_JSON, null, null, "empty"),
                bad("[{'action':'heartbeat','requestId':'r-array'}]", INVALID_JSON, null, null, "object"),
                bad("'heartbeat'", INVALID_JSON, null, null, "object"),
                bad("null", INVALID_JSON, null, null, ""),
                bad("{'action':'sync','requestId':'r-trailing'} and more", INVALID_JSON, null, null, "JSON"),
                bad("{'action':'fly','requestId':'r-fly'}", UNKNOWN_ACTION, "r-fly", null, "'fly'"),
                bad("{'action':'$connect','requestId':'r-connect'}", UNKNOWN_ACTION, "r-connect", null, "$connect"),
                bad("{'requestId':'r-no-action'}", MISSING_FIELD, "r-no-action", null, "'action'"),
                bad("{'action':42,'requestId':'r-num-action'}", INVALID_FIELD, "r-num-action", null, "'action'"),
                // sendMessage
                bad("{'action':'sendMessage','requestId':'s1','clientMsgId':'" + MSG_ID + "','body':'hi'}",
                        MISSING_FIELD, "s1", MSG_ID, "'to'"),
                bad("{'action':'sendMessage','requestId':'s2','clientMsgId':'" + MSG_ID + "','to':'bob'}",
                        MISSING_FIELD, "s2", MSG_ID, "'body'"),
                bad("{'action':'sendMessage','requestId':'s3','to':'bob','body':'hi'}",
                        MISSING_FIELD, "s3", null, "'clientMsgId'"),
                bad("{'action':'sendMessage','requestId':'s4','clientMsgId':'" + MSG_ID + "','to':'bob','body':42}",
                        INVALID_FIELD, "s4", MSG_ID, "'body'"),
                bad("{'action':'sendMessage','requestId':'s5','clientMsgId':'msg-1','to':'bob','body':'hi'}",
                        INVALID_FIELD, "s5", "msg-1", "'clientMsgId'"),
                bad("{'action':'sendMessage','requestId':'s6','clientMsgId':'" + MSG_ID + "','to':'bob smith',"
                        + "'body':'hi'}", INVALID_FIELD, "s6", MSG_ID, "'to'"),
                bad("{'action':'sendMessage','requestId':'s7','clientMsgId':'" + MSG_ID + "','to':'b:c','body':'hi'}",
                        INVALID_FIELD, "s7", MSG_ID, "'to'"),
                bad("{'action':'sendMessage','requestId':'s8','clientMsgId':'" + MSG_ID + "','to':'mallory',"
                        + "'body':'hi'}", INVALID_FIELD, "s8", MSG_ID, "'to'"),
                bad("{'action':'sendMessage','requestId':'s9','clientMsgId':'" + MSG_ID + "','to':['bob'],"
                        + "'body':'hi'}", INVALID_FIELD, "s9", MSG_ID, "'to'"),
                bad("{'action':'sendMessage','requestId':'s10','clientMsgId':'" + MSG_ID + "','to':'bob','body':'hi',"
                        + "'contentType':'" + "t".repeat(65) + "'}", INVALID_FIELD, "s10", MSG_ID, "'contentType'"),
                bad("{'action':'sendMessage','requestId':'s11','clientMsgId':'" + MSG_ID + "','to':'bob',"
                        + "'body':'\\ud800'}", INVALID_FIELD, "s11", MSG_ID, "'body'"),
                bad("{'action':'groupCreate','requestId':'s12','name':'\\udfff\\ud800'}", INVALID_FIELD, "s12",
                        null, "'name'"),
                // receipt
                bad("{'action':'receipt','requestId':'c1','chatId':'d:bob:mallory','messageIds':'x-1','status':'read'}",
                        INVALID_FIELD, "c1", null, "'messageIds'"),
                bad("{'action':'receipt','requestId':'c2','chatId':'d:bob:mallory','messageIds':[],'status':'read'}",
                        INVALID_FIELD, "c2", null, "'messageIds'"),
                bad("{'action':'receipt','requestId':'c3','chatId':'d:bob:mallory','messageIds':['a b'],"
                        + "'status':'read'}", INVALID_FIELD, "c3", null, "'messageIds'"),
                bad("{'action':'receipt','requestId':'c4','chatId':'d:bob:mallory','messageIds':[" + manyIds(101)
                        + "],'status':'read'}", INVALID_FIELD, "c4", null, "'messageIds'"),
                bad("{'action':'receipt','requestId':'c5','chatId':'d:bob:mallory','messageIds':['x-1'],"
                        + "'status':'seen'}", INVALID_FIELD, "c5", null, "'status'"),
                bad("{'action':'receipt','requestId':'c6','chatId':'d:bob:mallory','messageIds':['x-1'],"
                        + "'status':'sent'}", INVALID_FIELD, "c6", null, "'status'"),
                bad("{'action':'receipt','requestId':'c7','chatId':'bob','messageIds':['x-1'],'status':'read'}",
                        INVALID_FIELD, "c7", null, "'chatId'"),
                bad("{'action':'receipt','requestId':'c8','messageIds':['x-1'],'status':'read'}",
                        MISSING_FIELD, "c8", null, "'chatId'"),
                // history
                bad("{'action':'history','requestId':'h1','chatId':'d:bob:mallory','limit':0}",
                        INVALID_FIELD, "h1", null, "'limit'"),
                bad("{'action':'history','requestId':'h2','chatId':'d:bob:mallory','limit':1000}",
                        INVALID_FIELD, "h2", null, "'limit'"),
                bad("{'action':'history','requestId':'h3','chatId':'d:bob:mallory','limit':'10'}",
                        INVALID_FIELD, "h3", null, "'limit'"),
                bad("{'action':'history','requestId':'h4','chatId':'d:bob:mallory','limit':1.5}",
                        INVALID_FIELD, "h4", null, "'limit'"),
                bad("{'action':'history','requestId':'h5','chatId':'d:bob:mallory','beforeSeq':0}",
                        INVALID_FIELD, "h5", null, "'beforeSeq'"),
                bad("{'action':'history','requestId':'h6'}", MISSING_FIELD, "h6", null, "'chatId'"),
                // sync, presence, settings
                bad("{'action':'sync','requestId':'y1','cursor':'not-a-cursor'}", INVALID_FIELD, "y1", null, "'cursor'"),
                bad("{'action':'sync','requestId':'y2','cursor':7}", INVALID_FIELD, "y2", null, "'cursor'"),
                bad("{'action':'presenceSubscribe','requestId':'p1'}", MISSING_FIELD, "p1", null, "'userIds'"),
                bad("{'action':'presenceSubscribe','requestId':'p2','userIds':'bob'}",
                        INVALID_FIELD, "p2", null, "'userIds'"),
                bad("{'action':'presenceSubscribe','requestId':'p3','userIds':[" + manyIds(101) + "]}",
                        INVALID_FIELD, "p3", null, "'userIds'"),
                bad("{'action':'presenceSubscribe','requestId':'p4','userIds':[7]}",
                        INVALID_FIELD, "p4", null, "'userIds'"),
                bad("{'action':'settings','requestId':'t1','lastSeen':'contacts'}",
                        INVALID_FIELD, "t1", null, "'lastSeen'"),
                bad("{'action':'settings','requestId':'t2'}", MISSING_FIELD, "t2", null, "'lastSeen'"));
    }

    /** A case; the frame is written with ' for ". */
    private static Arguments bad(String frame, ErrorCode code, String requestId, String clientMsgId,
                                 String messageMentions) {
        return arguments(frame.replace('\'', '"'), code, requestId, clientMsgId, messageMentions);
    }

    private static String manyIds(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "'u" + i + "'").collect(Collectors.joining(","));
    }
}

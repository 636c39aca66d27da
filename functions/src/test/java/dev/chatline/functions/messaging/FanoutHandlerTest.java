package dev.chatline.functions.messaging;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.chatline.auth.Identity;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.protocol.Json;
import dev.chatline.testing.FakeConnections;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.MessagingGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;


/** The SQS consumer with partial batch responses, with an event from the JSON sample, on moto. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutHandlerTest {
    private final FakeConnections endpoint = new FakeConnections();
    private MessagingFixture f;
    private FanoutHandler handler;

    @BeforeAll
    void setUp(MotoServer moto) {
        f = new MessagingFixture(TestEnv.provision(moto, "fanout-handler", endpoint.endpoint(), Map.of()));
        handler = new FanoutHandler(f.graph, new ConnectionGraph(f.base));
    }

    @AfterAll
    void tearDown() {
        f.close();
        endpoint.close();
    }

    private static FanoutJob receiptJob(String userId, String eventId) {
        return new FanoutJob(FanoutJob.RECEIPT, "d:a:" + userId, eventId, 0, "a",
                Json.object().put("type", "receipt").put("eventId", eventId),
                List.of(new FanoutJob.Target(userId, "phone")));
    }

    private static SQSEvent sample() {
        return EventLoader.loadSQSEvent(dev.chatline.functions.testing.WsEvents.sample("sqs-fanout.json"));
    }

    /** The sample event with one record per body, message ids m0, m1, ..., all of the sample's chat. */
    private static SQSEvent event(String... bodies) {
        return event(java.util.Arrays.stream(bodies).map(b -> new String[] {"d:alice:bob", b})
                .toArray(String[][]::new));
    }

    /** The sample event with one record per {chat, body} pair, message ids m0, m1, .... */
    private static SQSEvent event(String[]... chatAndBody) {
        SQSEvent sample = sample();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < chatAndBody.length; i++) {
            SQSEvent.SQSMessage r = sample().getRecords().get(0);
            r.setMessageId("m" + i);
            r.getAttributes().put("MessageGroupId", chatAndBody[i][0]);
            r.setBody(chatAndBody[i][1]);
            records.add(r);
        }
        sample.setRecords(records);
        return sample;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void allRecordsDeliveredReportsNoFailures() {
        f.connect(new Identity("u1", "phone"), "c-u1");
        SQSBatchResponse response = handler.handleRequest(event(receiptJob("u1", "e1").toJson(),
                receiptJob("u1", "e2").toJson()), null);
        assertThat(failed(response)).isEmpty();
        assertThat(endpoint.framesTo("c-u1")).extracting(b -> Json.read(b).get("eventId").asText())
                .containsExactly("e1", "e2");
    }

    /**
     * A throttled connection alone is not a failure (its target goes back to the queue as a retry job); a record
     * fails when even that cannot be done — here the queue refuses the retry job.
     */
    @Test
    void aFailedRecordAndTheLaterOnesOfItsChatAreReportedButNoOtherChats() {
        f.connect(new Identity("u2", "phone"), "c-u2");
        f.connect(new Identity("u3", "phone"), "c-u3-throttled");
        endpoint.answer("c-u3-throttled", 429);
        var queueDown = dev.chatline.testing.Interceptors.failing(
                software.amazon.awssdk.services.sqs.model.SendMessageRequest.class, "queue unavailable");
        var aws = new dev.chatline.aws.AwsClients(f.env.config, List.of(queueDown));
        GraphBase faulty = new GraphBase(aws, f.clock, f.metrics, pause -> { });
        FanoutHandler handler = new FanoutHandler(new MessagingGraph(faulty), new ConnectionGraph(faulty));
        SQSBatchResponse response = handler.handleRequest(event(
                new String[] {"chat-2", receiptJob("u2", "ok").toJson()},
                new String[] {"chat-3", receiptJob("u3", "throttled").toJson()},
                new String[] {"chat-2", receiptJob("u2", "after").toJson()},
                new String[] {"chat-3", receiptJob("u3", "behind").toJson()}), null);
        assertThat(failed(response)).containsExactly("m1", "m3");
        assertThat(endpoint.framesTo("c-u2")).extracting(b -> Json.read(b).get("eventId").asText())
                .containsExactly("ok", "after");
    }

    @Test
    void aMalformedJobIsDroppedAndItsChatGoesOn() {
        f.connect(new Identity("u4", "phone"), "c-u4");
        SQSBatchResponse response = handler.handleRequest(event("not json", receiptJob("u4", "x").toJson()), null);
        assertThat(failed(response)).isEmpty();
        assertThat(endpoint.framesTo("c-u4")).extracting(b -> Json.read(b).get("eventId").asText())
                .containsExactly("x");
    }
}

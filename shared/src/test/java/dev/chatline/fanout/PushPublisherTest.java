package dev.chatline.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.PushPublisher.PushRequest;
import dev.chatline.protocol.Json;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/** Push requests published in batches to the real (moto) topic, read back from a queue subscribed to it. */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushPublisherTest {
    private TestEnv env;

    @BeforeAll
    void setUp(MotoServer moto) {
        env = TestEnv.provision(moto, "push-publisher", null, java.util.Map.of());
    }

    @BeforeEach
    void emptyCapture() {
        env.drainAll(env.pushCaptureQueueUrl);
    }

    private static List<PushRequest> requests(int n) {
        return IntStream.range(0, n).mapToObj(i -> new PushRequest("message", "u" + i, "phone", "d:a:u" + i,
                "m" + i, i, 1_000 + i)).toList();
    }

    private List<PushRequest> published() {
        return env.drainAll(env.pushCaptureQueueUrl).stream()
                .map(m -> Json.read(m.body(), PushRequest.class)).toList();
    }

    @Test
    void everyRequestIsPublishedOnceInCallsOfTen() {
        SnsRefusing sns = new SnsRefusing(0);
        List<PushRequest> requests = requests(23);

        sns.publisher(env).publishAll(requests);

        assertThat(published()).containsExactlyInAnyOrderElementsOf(requests);
        assertThat(sns.calls).containsExactly(10, 10, 3);
    }

    @Test
    void entriesSnsRefusesArePublishedOnceMore() {
        SnsRefusing sns = new SnsRefusing(1);
        List<PushRequest> requests = requests(12);

        sns.publisher(env).publishAll(requests);

        assertThat(published()).containsExactlyInAnyOrderElementsOf(requests);
        assertThat(sns.calls).as("the refused entry is retried in a call of its own").containsExactly(10, 1, 2);
    }

    @Test
    void entriesRefusedTwiceFailThePublishAfterEveryOtherWasPublished() {
        SnsRefusing sns = new SnsRefusing(Integer.MAX_VALUE);
        List<PushRequest> requests = requests(12);

        assertThatThrownBy(() -> sns.publisher(env).publishAll(requests))
                .isInstanceOf(PushPublisher.PushPublishException.class)
                .hasMessageContaining("2 of 12 push requests not published");

        List<PushRequest> expected = new ArrayList<>(requests);
        expected.remove(10);
        expected.remove(0);
        assertThat(published()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void nothingToPublishMakesNoCall() {
        SnsRefusing sns = new SnsRefusing(0);
        sns.publisher(env).publishAll(List.of());
        assertThat(sns.calls).isEmpty();
    }

    @Test
    void aFunctionNotGivenTheTopicBuildsThePublisherAndFailsOnlyIfItPublishes() {
        PushPublisher withoutTopic = new PushPublisher(MessagingClients.sns(new AwsClients(env.config)),
                ChatConfig.of(Map.of()));

        assertThatThrownBy(() -> withoutTopic.publishAll(requests(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CHATLINE_PUSH_TOPIC_ARN");
    }

    /**
     * Fault injection: in the first {@code refusals} {@code PublishBatch} calls the first entry gets an invalid
     * {@code MessageStructure}, so SNS (moto) itself reports that entry failed and publishes the others. Records
     * the entries per call.
     */
    private static final class SnsRefusing implements ExecutionInterceptor {
        final List<Integer> calls = new ArrayList<>();
        private int refusals;

        SnsRefusing(int refusals) {
            this.refusals = refusals;
        }

        PushPublisher publisher(TestEnv env) {
            return new PushPublisher(MessagingClients.sns(new AwsClients(env.config, List.of(this))), env.config);
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PublishBatchRequest req)) {
                return context.request();
            }
            calls.add(req.publishBatchRequestEntries().size());
            if (refusals == 0) {
                return req;
            }
            refusals--;
            List<PublishBatchRequestEntry> entries = new ArrayList<>(req.publishBatchRequestEntries());
            entries.set(0, entries.get(0).toBuilder().messageStructure("refused").build());
            return req.toBuilder().publishBatchRequestEntries(entries).build();
        }
    }
}

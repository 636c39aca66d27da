package dev.chatline.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class BatchOutcomeTest {
    private final List<Message> batch = List.of(msg("1", "a"), msg("2", "b"), msg("3", "a"), msg("4", "b"));

    @Test
    void emptyOrMissingFailuresMeanCompleteSuccess() {
        for (String response : new String[] {null, "", "null", "{}", "{\"batchItemFailures\":null}",
                "{\"batchItemFailures\":[]}"}) {
            assertThat(BatchOutcome.of(batch, response, true).succeeded()).as(response).hasSize(4);
        }
    }

    @Test
    void invalidResponsesFailTheWholeBatch() {
        for (String response : new String[] {"{not json", "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"99\"}]}", "{\"batchItemFailures\":[{}]}"}) {
            BatchOutcome o = BatchOutcome.of(batch, response, true);
            assertThat(o.failed()).as(response).hasSize(4);
            assertThat(o.invalidResponse()).as(response).isPresent();
        }
    }

    @Test
    void fifoFailureKeepsLaterRecordsOfTheSameGroupOnly() {
        BatchOutcome o = BatchOutcome.of(batch, SqsEventSourceMappingTest.batchItemFailures(List.of("1")), true);
        assertThat(o.failed()).extracting(Message::messageId).containsExactly("1", "3");
        assertThat(o.succeeded()).extracting(Message::messageId).containsExactly("2", "4");
        assertThat(o.unreportedGroupSuccessors()).extracting(Message::messageId).containsExactly("3");
    }

    @Test
    void standardQueueFailsOnlyReportedRecords() {
        BatchOutcome o = BatchOutcome.of(batch, SqsEventSourceMappingTest.batchItemFailures(List.of("1")), false);
        assertThat(o.failed()).extracting(Message::messageId).containsExactly("1");
    }

    private static Message msg(String id, String group) {
        return Message.builder().messageId(id).body(id).attributesWithStrings(Map.of("MessageGroupId", group))
                .build();
    }
}

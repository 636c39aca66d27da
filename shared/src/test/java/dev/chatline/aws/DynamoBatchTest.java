package dev.chatline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoBatchTest {
    private final List<Duration> sleeps = new ArrayList<>();

    /** Leaves the last item of every call unprocessed for the first {@code stubbornCalls} calls. */
    private static final class FlakyDynamo implements DynamoDbClient {
        final List<Integer> writeSizes = new ArrayList<>();
        final List<Integer> getSizes = new ArrayList<>();
        int stubbornCalls;

        FlakyDynamo(int stubbornCalls) {
            this.stubbornCalls = stubbornCalls;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(Consumer<BatchWriteItemRequest.Builder> c) {
            BatchWriteItemRequest.Builder b = BatchWriteItemRequest.builder();
            c.accept(b);
            List<WriteRequest> writes = b.build().requestItems().get("t");
            writeSizes.add(writes.size());
            if (stubbornCalls-- > 0) {
                return BatchWriteItemResponse.builder()
                        .unprocessedItems(Map.of("t", List.of(writes.get(writes.size() - 1)))).build();
            }
            return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
        }

        @Override
        public BatchGetItemResponse batchGetItem(Consumer<BatchGetItemRequest.Builder> c) {
            BatchGetItemRequest.Builder b = BatchGetItemRequest.builder();
            c.accept(b);
            KeysAndAttributes ka = b.build().requestItems().get("t");
            List<Map<String, AttributeValue>> keys = ka.keys();
            getSizes.add(keys.size());
            if (stubbornCalls-- > 0) {
                return BatchGetItemResponse.builder().responses(Map.of("t", keys.subList(0, keys.size() - 1)))
                        .unprocessedKeys(Map.of("t", ka.toBuilder().keys(keys.get(keys.size() - 1)).build())).build();
            }
            return BatchGetItemResponse.builder().responses(Map.of("t", keys)).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private DynamoBatch batch(DynamoDbClient ddb, int attempts) {
        return new DynamoBatch(ddb, Backoff.fullJitter(attempts, Duration.ofMillis(10), Duration.ofMillis(50))
                .withSleeper(sleeps::add));
    }

    private static List<WriteRequest> puts(int n) {
        return IntStream.range(0, n).mapToObj(i -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("k", AttributeValue.fromS("k" + i))).build()).build()).toList();
    }

    private static List<Map<String, AttributeValue>> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> Map.of("k", AttributeValue.fromS("k" + i))).toList();
    }

    @Test
    void writesAreChunkedByTwentyFiveAndUnprocessedItemsRetriedWithBackoff() {
        FlakyDynamo ddb = new FlakyDynamo(2);
        batch(ddb, 5).write("t", puts(60));
        assertThat(ddb.writeSizes).containsExactly(25, 1, 1, 25, 10);
        assertThat(sleeps).hasSize(2).allMatch(d -> !d.isNegative() && d.toMillis() <= 50);
    }

    @Test
    void getsAreChunkedByHundredAndUnprocessedKeysRetried() {
        FlakyDynamo ddb = new FlakyDynamo(1);
        List<Map<String, AttributeValue>> got = batch(ddb, 3).get("t", keys(150), true, null, Map.of());
        assertThat(ddb.getSizes).containsExactly(100, 1, 50);
        assertThat(got).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        FlakyDynamo ddb = new FlakyDynamo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> batch(ddb, 3).write("t", puts(3)))
                .isInstanceOf(DynamoBatch.IncompleteBatchException.class).hasMessageContaining("3 attempts");
        assertThat(ddb.writeSizes).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }
}

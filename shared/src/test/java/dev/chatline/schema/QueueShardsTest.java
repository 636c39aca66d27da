package dev.chatline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueueShardsTest {

    @Test
    void theShardOfAChatIsFixedByItsIdAlone() {
        // golden values: the documented function (SHA-256 prefix, jump consistent hash) must never change, or a
        // chat's jobs queued before a deployment and after it could be on two shards
        assertThat(QueueShards.shardOf("d:alice:bob", 3)).isEqualTo(QueueShards.shardOf("d:alice:bob", 3));
        assertThat(IntStream.range(0, 8).map(i -> QueueShards.shardOf("g:01J" + i, 3)).boxed().toList())
                .isEqualTo(GOLDEN_G01J_3);
        assertThat(QueueShards.shardOf("anything", 1)).isZero();
    }

    @Test
    void chatsSpreadEvenlyOverTheShards() {
        for (int shards : new int[] {2, 3, 4}) {
            Map<Integer, Integer> counts = new HashMap<>();
            int chats = 32_000;
            for (int i = 0; i < chats; i++) {
                counts.merge(QueueShards.shardOf("d:user" + i + ":user" + (i + 7), shards), 1, Integer::sum);
            }
            assertThat(counts.keySet()).as(shards + " shards").hasSize(shards);
            double expected = (double) chats / shards;
            assertThat(counts.values()).as(shards + " shards").allSatisfy(c ->
                    assertThat(Math.abs(c - expected) / expected).isLessThan(0.06));
        }
    }

    @Test
    void addingAShardMovesOnlyItsShareOfChatsAndOnlyToTheNewShard() {
        int chats = 30_000;
        int moved = 0;
        for (int i = 0; i < chats; i++) {
            String chat = "g:chat-" + i;
            int before = QueueShards.shardOf(chat, 3);
            int after = QueueShards.shardOf(chat, 4);
            if (before != after) {
                assertThat(after).isEqualTo(3);
                moved++;
            }
        }
        assertThat((double) moved / chats).isBetween(0.22, 0.28); // about 1/4
    }

    @Test
    void aShardsUrlIsShardZerosWithItsName() {
        assertThat(QueueShards.shardUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/chatline-prod-fanout.fifo",
                "chatline-prod-fanout-2.fifo"))
                .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/chatline-prod-fanout-2.fifo");
        assertThat(QueueShards.shardUrl("http://127.0.0.1:5000/123456789012/chatline-e2e-fanout.fifo",
                "chatline-e2e-fanout-1.fifo")).isEqualTo("http://127.0.0.1:5000/123456789012/chatline-e2e-fanout-1.fifo");
        assertThatThrownBy(() -> QueueShards.shardUrl("https://sqs.example/", "x")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void shardsAreNamedAfterTheDefinitionAndShardZeroIsTheDefinitionItself() {
        assertThat(Resources.FANOUT.shard(0)).isSameAs(Resources.FANOUT);
        assertThat(Resources.FANOUT.shards(3)).extracting(q -> q.physicalName("prod")).containsExactly(
                "chatline-prod-fanout.fifo", "chatline-prod-fanout-1.fifo", "chatline-prod-fanout-2.fifo");
        assertThat(Resources.FANOUT.shard(2).dlqPhysicalName("prod")).isEqualTo("chatline-prod-fanout-2-dlq.fifo");
        assertThat(Resources.FANOUT.shard(2).urlEnvVar()).isEqualTo(Resources.FANOUT.urlEnvVar());
        assertThat(Resources.queues(2)).hasSize(3); // fanout × 2 + relay
        assertThatThrownBy(() -> Resources.FANOUT.shards(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Resources.FANOUT.shards(QueueShards.MAX_SHARDS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        QueueDef single = new QueueDef("jobs", false, Resources.FANOUT.visibilityTimeout(),
                Resources.FANOUT.retention(), 3, Resources.FANOUT.dlqRetention(), "JOBS_URL");
        assertThat(single.shards(4)).containsExactly(single);
    }

    /** Computed independently by the Python rendering of the function in docs/architecture.md. */
    private static final java.util.List<Integer> GOLDEN_G01J_3 = java.util.List.of(1, 2, 2, 2, 1, 0, 0, 2);
}

package dev.chatline.client.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceiptBatcherTest {
    private final List<ObjectNode> sent = new ArrayList<>();
    private final ReceiptBatcher batcher = new ReceiptBatcher(sent::add);

    @Test
    void acknowledgementsOfOneChatGoInOneFrameWithoutRequestId() {
        batcher.add("d:alice:bob", "delivered", "m-1");
        batcher.add("d:alice:bob", "delivered", "m-2");
        batcher.add("d:alice:bob", "delivered", "m-1");
        batcher.add("g:G", "delivered", "g-7");
        batcher.flush();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).toString()).isEqualTo(
                "{\"action\":\"receipt\",\"chatId\":\"d:alice:bob\",\"status\":\"delivered\",\"messageIds\":[\"m-1\",\"m-2\"]}");
        assertThat(sent.get(1).path("chatId").asText()).isEqualTo("g:G");
        assertThat(sent).noneMatch(f -> f.has("requestId"));
        batcher.flush();
        assertThat(sent).as("nothing left to send").hasSize(2);
    }

    @Test
    void moreThanAHundredIdsAreSplitIntoFramesOfAHundred() {
        batcher.send("g:G", "read", IntStream.range(0, 250).mapToObj(i -> "m-" + i).toList());

        assertThat(sent).extracting(f -> f.path("messageIds").size()).containsExactly(100, 100, 50);
        assertThat(sent.get(2).path("messageIds").get(49).asText()).isEqualTo("m-249");
    }

    @Test
    void whileHeldAcknowledgementsWaitForAFlushNowOrTheRelease() {
        batcher.hold();
        batcher.add("d:alice:bob", "delivered", "m-1");
        batcher.flush();
        assertThat(sent).isEmpty();
        batcher.flushNow();
        assertThat(sent).hasSize(1);
        batcher.add("d:alice:bob", "delivered", "m-2");
        batcher.release();
        assertThat(sent).extracting(f -> f.path("messageIds").get(0).asText()).containsExactly("m-1", "m-2");
    }
}

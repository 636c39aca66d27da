package dev.chatline.client.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ProtocolJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReceiptBatcherTest {
    private final List<Receipt> sent = new ArrayList<>();
    private final ReceiptBatcher batcher = new ReceiptBatcher(sent::add);

    @Test
    void acknowledgementsOfOneChatGoInOneFrameWithoutRequestId() {
        batcher.add("d:alice:bob", "delivered", "m-1");
        batcher.add("d:alice:bob", "delivered", "m-2");
        batcher.add("d:alice:bob", "delivered", "m-1");
        batcher.add("g:G", "delivered", "g-7");
        batcher.flush();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isEqualTo(new Receipt("d:alice:bob", List.of("m-1", "m-2"), "delivered"));
        assertThat(sent.get(1).chatId()).isEqualTo("g:G");
        assertThat(sent).allSatisfy(f -> assertThat(ProtocolJson.encode(f, null)).doesNotContain("requestId"));
        batcher.flush();
        assertThat(sent).as("nothing left to send").hasSize(2);
    }

    @Test
    void moreThanAHundredIdsAreSplitIntoFramesOfAHundred() {
        batcher.send("g:G", "read", IntStream.range(0, 250).mapToObj(i -> "m-" + i).toList());

        assertThat(sent).extracting(f -> f.messageIds().size()).containsExactly(100, 100, 50);
        assertThat(sent.get(2).messageIds().get(49)).isEqualTo("m-249");
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
        assertThat(sent).extracting(f -> f.messageIds().get(0)).containsExactly("m-1", "m-2");
    }
}

package dev.chatline.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanoutQueueSplitTest {
    private static FanoutJob job(int targets, int idChars) {
        var frame = Json.object();
        frame.put("type", "message");
        frame.put("body", "x".repeat(64 * 1024));
        List<FanoutJob.Target> ts = IntStream.range(0, targets).mapToObj(i -> new FanoutJob.Target(
                ("u" + i + "-").repeat(idChars).substring(0, idChars), "d".repeat(idChars))).toList();
        return new FanoutJob(FanoutJob.MESSAGE, "g:G1", "M1-1", 1, "alice", frame, ts);
    }

    @Test
    void aJobThatFitsOneQueueMessageIsNotSplit() {
        FanoutJob small = job(256 * 3, 10);
        assertThat(FanoutQueue.split(small, FanoutQueue.MAX_JOB_BYTES)).containsExactly(small);
    }

    @Test
    void aJobForManyDevicesWithLongIdsIsSplitIntoPartsThatEachFitAndKeepEveryTargetInOrder() {
        FanoutJob big = job(256 * 5, 128);
        List<FanoutJob> parts = FanoutQueue.split(big, FanoutQueue.MAX_JOB_BYTES);

        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.toJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FanoutQueue.MAX_JOB_BYTES);
            assertThat(p.eventId()).isEqualTo(big.eventId());
            assertThat(p.frame()).isEqualTo(big.frame());
        });
        assertThat(parts.stream().flatMap(p -> p.targets().stream()).toList()).isEqualTo(big.targets());
    }
}

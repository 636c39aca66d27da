package dev.chatline.groups;

import static dev.chatline.testing.Refusals.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.AwsClients;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.MutableClock;
import dev.chatline.testing.TestEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A send refused by the sender's rate limit costs the audience nothing: no device read, no write, no fan-out job
 * (a group's member Query runs beside the limit; a direct chat's seq, allocated beside it, is the one trace, and
 * only until this instance knows the window is full). Every call of the messaging stores, the device lists and the
 * queue is recorded; calls to the group's member rows, the chat counter and the limiter are not.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedSendTest {
    private static final List<TableDef> BESIDE_THE_LIMIT = List.of(Tables.GROUP_MEMBERS, Tables.CHATS,
            Tables.RATE_LIMITS);
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private MessagingFixture f;
    private GroupFixture g;

    @BeforeAll
    void provision(MotoServer moto) {
        TestEnv env = TestEnv.provision(moto, "refused-send", null, Map.of(MessagingSettings.SEND_RATE_PERMITS, "2",
                MessagingSettings.SEND_RATE_WINDOW_SECONDS, "60"));
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                // the group's member rows, the chat counter and the limiter may be called beside the limit
                boolean beside = c.request().getValueForField("TableName", String.class)
                        .filter(t -> BESIDE_THE_LIMIT.stream().anyMatch(d -> t.equals(env.config.tableName(d))))
                        .isPresent();
                if (!beside) {
                    calls.add(c.request().getClass().getSimpleName());
                }
            }
        };
        f = new MessagingFixture(env, new AwsClients(env.config, List.of(recorder)),
                new MutableClock(Instant.parse("2025-06-01T12:00:00Z")));
        g = new GroupFixture(f);
    }

    @AfterAll
    void close() {
        f.close();
    }

    @Test
    void aRefusedGroupSendReadsNoDevicesWritesNothingAndQueuesNoFanout() {
        Identity alice = f.device("alice", "phone");
        List<String> members = IntStream.range(0, 20).mapToObj(i -> "member" + i).toList();
        members.forEach(m -> f.device(m, "phone"));
        String groupId = g.create(alice, "big", members).get("groupId").asText();
        long second = IntStream.range(0, 2).mapToLong(i -> g.sendToGroup(alice, groupId, "m" + i).get("seq")
                .asLong()).max().orElseThrow();
        f.env.drainAll(f.env.fanoutQueueUrl);
        f.clock.advance(Duration.ofSeconds(31)); // the device lists leave the cache; the limit's window stays
        calls.clear();

        assertThat(codeOf(() -> g.sendToGroup(alice, groupId, "one too many"))).isEqualTo(ErrorCode.RATE_LIMITED);

        assertThat(calls).as("device reads, message, inbox and queue calls").isEmpty();
        assertThat(f.env.drainAll(f.env.fanoutQueueUrl)).isEmpty();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(g.sendToGroup(alice, groupId, "next window").get("seq").asLong()).as("no seq was taken")
                .isEqualTo(second + 1);
    }

    @Test
    void refusedDirectSendsLeaveOneSeqGapAtMostPerWindowAndInstance() {
        f.clock.advance(Duration.ofMinutes(2));
        Identity dave = f.device("dave", "phone");
        f.device("erin", "phone");
        f.sendText(dave, "erin", "1");
        f.sendText(dave, "erin", "2");
        calls.clear();

        for (int i = 0; i < 3; i++) {
            assertThat(codeOf(() -> f.sendText(dave, "erin", "refused"))).isEqualTo(ErrorCode.RATE_LIMITED);
        }

        // no device read, message, inbox or queue call; the first refusal's limit ADD and the seq ADD beside it
        // (not recorded) leave the one trace below, and the later refusals come from memory
        assertThat(calls).isEmpty();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.sendText(dave, "erin", "next window").get("seq").asLong())
                .as("seq 3 burnt by the first refusal only").isEqualTo(4);
    }
}

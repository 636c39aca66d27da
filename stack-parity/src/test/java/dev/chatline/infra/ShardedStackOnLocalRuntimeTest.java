package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.config.ChatConfig;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.iam.AccessPolicy;
import dev.chatline.local.iam.Permission;
import dev.chatline.schema.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same checks on the stack synthesized with {@code -c fanoutShards=3} and a local runtime of 3 shards: every
 * handler is constructed with the stack's environment (shard 0's URL and the count), each function is given what
 * its catalog entry declares, and each role allows exactly what the local IAM check allows (every shard for the
 * producers, the consumer actions on every shard for the fan-out function). The local runtime has the stack's
 * queues and one event source per shard.
 */
class ShardedStackOnLocalRuntimeTest extends StackOnLocalRuntimeTest {

    @Override
    Synth.Synthesized synth() {
        return Synth.sharded();
    }

    @Override
    RuntimeOptions options() {
        return super.options().withFanoutShards(Synth.SHARDS);
    }

    @Test
    void theLocalRuntimeHasTheStacksShardsAndPollsEachOfThem() {
        List<String> stackQueues = synth().resources("AWS::SQS::Queue").values().stream()
                .map(r -> (String) DataTablesTemplateTest.props(r).get("QueueName")).sorted().toList();
        List<String> localQueues = runtime.resources().queues().values().stream()
                .flatMap(q -> java.util.stream.Stream.of(q.def().physicalName("prod"), q.def().dlqPhysicalName("prod")))
                .sorted().toList();
        assertThat(localQueues).isEqualTo(stackQueues).hasSize(2 * Resources.queues(Synth.SHARDS).size());
        assertThat(runtime.describe()).filteredOn(line -> line.contains("SQS ") && line.endsWith("→ fanout"))
                .hasSize(Synth.SHARDS);
    }

    @Test
    void theFanoutFunctionConsumesAndSendsToEveryShard() {
        AccessPolicy fanout = AccessPolicy.of(dev.chatline.functions.catalog.FunctionCatalog.FANOUT,
                runtime.resources(), ChatConfig.of(environments.get("fanout")));
        for (var shard : runtime.resources().shards(Resources.FANOUT)) {
            String name = shard.def().physicalName("prod");
            assertThat(fanout.permissions()).contains(new Permission("sqs:ReceiveMessage", name),
                    new Permission("sqs:ChangeMessageVisibility", name), new Permission("sqs:SendMessage", name));
        }
        assertThat(environments.get("sendMessage")).containsEntry("CHATLINE_FANOUT_SHARDS", "3");
    }
}

package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.QueueShards;
import dev.chatline.schema.Resources;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code -c fanoutShards=3}: three FIFO queues (shard 0 keeps the unsharded queue's name and construct ids), each with
 * its dead-letter queue, alarms and event source mapping into the fan-out function; the reservation is split between
 * the mappings; every producer may send to every shard and is told shard 0's URL and the count.
 */
class ShardedFanoutTemplateTest {
    private final Synth.Synthesized synth = Synth.sharded();
    private final List<QueueDef> shards = Resources.FANOUT.shards(Synth.SHARDS);

    @Test
    void eachShardIsAFifoQueueWithItsOwnDeadLetterQueueAndShardZeroKeepsItsName() {
        assertThat(shards).extracting(q -> q.physicalName("prod")).containsExactly("chatline-prod-fanout.fifo",
                "chatline-prod-fanout-1.fifo", "chatline-prod-fanout-2.fifo");
        for (QueueDef shard : shards) {
            synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", shard.physicalName("prod"),
                    "FifoQueue", true, "DeduplicationScope", "messageGroup",
                    "FifoThroughputLimit", "perMessageGroupId",
                    "VisibilityTimeout", (int) shard.visibilityTimeout().toSeconds()));
            synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", shard.dlqPhysicalName("prod"), "FifoQueue", true));
        }
        // each shard and each unsharded queue (the relay queue) with its DLQ
        assertThat(synth.resources("AWS::SQS::Queue")).hasSize(2 * Resources.queues(Synth.SHARDS).size());
        // the same logical ids as the unsharded stack for shard 0: an existing deployment keeps its queue
        assertThat(synth.resources("AWS::SQS::Queue").keySet())
                .containsAll(Synth.defaults().resources("AWS::SQS::Queue").keySet());
    }

    @Test
    void oneEventSourceMappingPerShardSplitsTheReservation() {
        // the fan-out function's (the relay function has one more, on the relay queue)
        Map<String, Map<String, Object>> mappings = synth.resources("AWS::Lambda::EventSourceMapping").entrySet()
                .stream().filter(e -> props(e.getValue()).get("FunctionName").toString()
                        .contains("FunctionsFanoutAlias"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(mappings).hasSize(Synth.SHARDS);
        CapacityPlan plan = synth.stack().capacity();
        int each = plan.eventSourceConcurrency(FunctionCatalog.FANOUT);
        assertThat(each).isEqualTo(plan.reservedConcurrency(FunctionCatalog.FANOUT).orElseThrow() / Synth.SHARDS);
        assertThat(mappings.values()).allSatisfy(m -> {
            assertThat(props(m).get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", each));
            assertThat(props(m).get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            assertThat(props(m).get("FunctionName").toString()).contains("FunctionsFanoutAlias");
        });
        List<String> sources = mappings.values().stream().map(m -> props(m).get("EventSourceArn").toString())
                .toList();
        assertThat(sources).doesNotHaveDuplicates();
        IntStream.range(0, Synth.SHARDS).forEach(i -> assertThat(sources).anyMatch(s -> s.contains(
                i == 0 ? "MessagingFanoutQueue" : "MessagingFanout" + i + "Queue")));
    }

    @Test
    void everyProducerMaySendToEveryShardAndLearnsShardZeroAndTheCount() {
        List<String> producers = FunctionCatalog.ALL.stream()
                .filter(def -> def.access().contains(new Access.SendToQueue(Resources.FANOUT)))
                .map(def -> def.name()).toList();
        assertThat(producers).contains("sendMessage", "receipt", "connect", "fanout", "keysUpload", "groupAdd");
        for (String name : producers) {
            Map<String, Object> fn = function(name);
            Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) props(fn).get("Environment")).get("Variables");
            assertThat(env.get(Resources.FANOUT.shardCountEnvVar().orElseThrow())).as(name)
                    .isEqualTo(Integer.toString(Synth.SHARDS));
            assertThat(env.get(Resources.FANOUT.urlEnvVar()).toString()).as(name).contains("MessagingFanoutQueue");
            // a relaying producer's statement also names its cell's relay queue
            assertThat(sendMessageResources(fn).stream().filter(r -> r.toString().contains("MessagingFanout")))
                    .as(name).hasSize(Synth.SHARDS);
        }
    }

    private Map<String, Object> function(String name) {
        return synth.resources("AWS::Lambda::Function").values().stream()
                .filter(f -> ("chatline-prod-" + name).equals(props(f).get("FunctionName"))).findFirst().orElseThrow();
    }

    /** The resources of the role's statement that allows sqs:SendMessage. */
    private List<?> sendMessageResources(Map<String, Object> fn) {
        Object roleId = ((List<?>) ((Map<?, ?>) props(fn).get("Role")).get("Fn::GetAtt")).get(0);
        return synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<?>) props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> ((List<?>) ((Map<?, ?>) props(p).get("PolicyDocument")).get("Statement")).stream())
                .map(st -> (Map<?, ?>) st)
                .filter(st -> st.get("Action").toString().contains("sqs:SendMessage"))
                .map(st -> st.get("Resource") instanceof List<?> l ? l : List.of(st.get("Resource")))
                .findFirst().orElseThrow();
    }

    /**
     * Each shard adds 7 resources across the templates (queue, DLQ and their policies in the root, the mapping in the
     * functions' stack, two alarms in the monitoring stack); extrapolated to the most shards, every template stays
     * under the limit with room for the production variant's additions ({@link TemplateHeadroomTest} synthesizes
     * that stage itself).
     */
    @Test
    void theMostShardsStillFitCloudFormationsResourceLimitInEveryTemplate() {
        int perShard = (synth.resources().size() - Synth.defaults().resources().size()) / (Synth.SHARDS - 1);
        assertThat(perShard).isEqualTo(7);
        assertThat(synth.templates().keySet()).isEqualTo(Synth.defaults().templates().keySet());
        synth.templates().forEach((name, template) -> {
            int base = resourceCount(Synth.defaults().templates().get(name));
            int perShardHere = (resourceCount(template) - base) / (Synth.SHARDS - 1);
            assertThat(base + perShardHere * (QueueShards.MAX_SHARDS - 1))
                    .as("resources of the %s template at the most shards", name)
                    .isLessThanOrEqualTo(500 - 30); // room for the production variant's and later additions
        });
    }

    private static int resourceCount(Map<String, Object> template) {
        return ((Map<?, ?>) template.get("Resources")).size();
    }

    @Test
    void theDeadLetterAndAgeAlarmsCoverEveryShard() {
        long queueAlarms = synth.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(DataTablesTemplateTest::props)
                .filter(p -> "AWS/SQS".equals(p.get("Namespace"))).count();
        assertThat(queueAlarms).isEqualTo(2L * Resources.queues(Synth.SHARDS).size());
    }
}

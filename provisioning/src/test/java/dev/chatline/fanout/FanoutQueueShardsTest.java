package dev.chatline.fanout;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.Json;
import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.schema.QueueShards;
import dev.chatline.schema.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The one producer class of the fan-out queue with three shards, on moto: every job (its parts and retries too) and
 * every other feature's message (presence changes) lands on the shard of its message group, and only there.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutQueueShardsTest {
    private static final int SHARDS = 3;
    private ProvisionedResources resources;
    private SqsClient sqs;
    private FanoutQueue queue;

    @BeforeAll
    void provision(MotoServer moto) {
        Map<String, String> base = Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                ChatConfig.STAGE, "fqshards", ChatConfig.REGION, "us-east-1");
        AwsClients aws = new AwsClients(ChatConfig.of(base));
        resources = new ResourceProvisioner(aws).provision(ResourceDefinitions.ALL.withShards(SHARDS));
        Map<String, String> config = new HashMap<>(base);
        config.putAll(resources.configValues()); // shard 0's URL and the count, as a function is given them
        sqs = MessagingClients.sqs(aws);
        queue = new FanoutQueue(sqs, ChatConfig.of(config));
    }

    @Test
    void jobsRetriesPartsAndPresenceChangesGoToTheShardOfTheirGroup() {
        List<String> chats = IntStream.range(0, 24).mapToObj(i -> "d:u" + i + ":v" + i).toList();
        for (String chat : chats) {
            FanoutJob job = new FanoutJob(FanoutJob.MESSAGE, chat, "E-" + chat, 1, "u", Json.object(),
                    List.of(new FanoutJob.Target("v", "phone")));
            queue.enqueue(job);
            queue.enqueue(job.retry(job.targets()));
        }
        FanoutJob big = bigJob("g:big");
        queue.enqueue(big);
        queue.enqueue("presence:alice", "alice#1", "{\"presence\":true}");

        Map<String, List<String>> groupsByShard = new HashMap<>();
        List<ProvisionedResources.Queue> shards = resources.shards(Resources.FANOUT);
        for (int i = 0; i < shards.size(); i++) {
            groupsByShard.put(Integer.toString(i), drainGroups(shards.get(i).url()));
        }
        List<String> expectedGroups = new ArrayList<>();
        chats.forEach(c -> expectedGroups.addAll(List.of(c, c)));
        expectedGroups.addAll(java.util.Collections.nCopies(FanoutQueue.split(big, FanoutQueue.MAX_JOB_BYTES).size(),
                "g:big"));
        expectedGroups.add("presence:alice");
        assertThat(groupsByShard.values().stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(expectedGroups);
        groupsByShard.forEach((shard, groups) -> assertThat(groups).as("shard %s", shard).allSatisfy(g ->
                assertThat(QueueShards.shardOf(g, SHARDS)).isEqualTo(Integer.parseInt(shard))));
        assertThat(groupsByShard.values()).as("24 chats use every shard").allSatisfy(g -> assertThat(g).isNotEmpty());
    }

    private static FanoutJob bigJob(String chat) {
        var frame = Json.object();
        frame.put("body", "x".repeat(60 * 1024));
        List<FanoutJob.Target> targets = IntStream.range(0, 1500)
                .mapToObj(i -> new FanoutJob.Target("member-with-a-long-id-" + i, "device-" + i)).toList();
        return new FanoutJob(FanoutJob.MESSAGE, chat, "E-big", 7, "owner", frame, targets);
    }

    /** The message group of every message on the queue (received and deleted). */
    private List<String> drainGroups(String url) {
        List<String> groups = new ArrayList<>();
        for (List<Message> got = receive(url); !got.isEmpty(); got = receive(url)) {
            for (Message m : got) {
                groups.add(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return groups;
    }

    private List<Message> receive(String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
    }
}

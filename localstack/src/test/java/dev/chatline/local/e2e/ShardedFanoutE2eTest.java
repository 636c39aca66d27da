package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.faults.PostFaults;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.schema.QueueShards;
import dev.chatline.schema.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fan-out queue as three shards ({@code --fanout-shards 3}), each its own queue and event source mapping. 1:1
 * messages are posted by the send itself; here every post of them fails {@value LiveDelivery#POST_ATTEMPTS} times
 * ({@link PostFaults}), so each goes through the fan-out queue as a retry job, to the shard of its chat.
 */
class ShardedFanoutE2eTest {
    private static final int SHARDS = 3;
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(4);
    private static final AtomicInteger BODIES = new AtomicInteger();

    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(RuntimeOptions.defaults()
            .withStage("shards").withPort(0).withFanoutShards(SHARDS).withQueueVisibilityTimeout(VISIBILITY_TIMEOUT)
            .withFunctions(ShardFaultFanoutHandler.catalog()));

    @AfterEach
    void healAndClear() {
        ShardFaultFanoutHandler.failingQueue = null;
        PostFaults.clear();
    }

    @Test
    void everyChatKeepsItsOrderAndStaysOnItsShard() throws Exception {
        String alice = uniqueUser("alice");
        Map<String, Integer> recipients = recipientsPerShard(alice, 2); // 6 chats, two on each shard
        int perChat = 4;
        List<ChatDevice> devices = new ArrayList<>();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            for (String r : recipients.keySet()) {
                devices.add(ChatDevice.connect(RUNTIME, r, "phone"));
            }
            Map<String, List<String>> sent = new LinkedHashMap<>();
            for (int round = 0; round < perChat; round++) { // interleaved: every chat's n-th, then the (n+1)-th
                for (String r : recipients.keySet()) {
                    String body = failingBody();
                    sent.computeIfAbsent(r, k -> new ArrayList<>())
                            .add(alicePhone.send(r, body).messageId());
                }
            }
            for (ChatDevice device : devices) {
                List<String> received = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < perChat; i++) {
                    JsonNode m = device.awaitFrame(f -> Frames.isType(f, "message"));
                    received.add(m.path("messageId").asText());
                    seqs.add(m.path("seq").asLong());
                }
                assertThat(received).as("order of %s's chat", device.userId).isEqualTo(sent.get(device.userId));
                assertThat(seqs).isSorted();
            }
        } finally {
            devices.forEach(ChatDevice::close);
        }
        assertThat(PostFaults.pending()).as("every post fault fired: all went through the queue").isZero();
        Map<String, Set<String>> byQueue = ShardFaultFanoutHandler.CHATS_BY_QUEUE;
        recipients.forEach((r, shard) -> {
            String chat = Frames.directChat(alice, r);
            String queue = Resources.FANOUT.shard(shard).physicalName("shards");
            assertThat(byQueue.get(queue)).as("%s on shard %d", chat, shard).contains(chat);
            byQueue.forEach((q, chats) -> assertThat(!q.equals(queue) && chats.contains(chat))
                    .as("%s also on %s", chat, q).isFalse());
        });
    }

    @Test
    void aFailingShardDelaysNoChatOnTheOtherShards() throws Exception {
        String alice = uniqueUser("alice");
        Map<String, Integer> recipients = recipientsPerShard(alice, 1);
        String stuck = recipients.entrySet().stream().filter(e -> e.getValue() == 0).findFirst().orElseThrow()
                .getKey();
        ShardFaultFanoutHandler.failingQueue = Resources.FANOUT.shard(0).physicalName("shards");
        int failedBefore = ShardFaultFanoutHandler.FAILED_INVOCATIONS.get();
        Map<String, ChatDevice> devices = new LinkedHashMap<>();
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, alice, "phone")) {
            for (String r : recipients.keySet()) {
                devices.put(r, ChatDevice.connect(RUNTIME, r, "phone"));
            }
            Map<String, String> ids = new LinkedHashMap<>();
            for (String r : recipients.keySet()) {
                ids.put(r, alicePhone.send(r, failingBody()).messageId());
            }
            for (String r : recipients.keySet()) {
                if (!r.equals(stuck)) {
                    devices.get(r).awaitMessage(ids.get(r));
                }
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ShardFaultFanoutHandler.FAILED_INVOCATIONS.get() > failedBefore);
            assertThat(devices.get(stuck).pending("message")).as("shard 0's consumer is failing").isEmpty();

            ShardFaultFanoutHandler.failingQueue = null;
            devices.get(stuck).awaitFrame(f -> Frames.isType(f, "message")
                    && ids.get(stuck).equals(f.path("messageId").asText()), VISIBILITY_TIMEOUT.multipliedBy(4));
        } finally {
            devices.values().forEach(ChatDevice::close);
        }
    }

    /** {@code perShard} new recipients for every shard: recipient → the shard of alice's chat with them. */
    private static Map<String, Integer> recipientsPerShard(String alice, int perShard) {
        Map<String, Integer> out = new LinkedHashMap<>();
        while (out.size() < SHARDS * perShard) {
            String r = uniqueUser("bob");
            int shard = QueueShards.shardOf(Frames.directChat(alice, r), SHARDS);
            if (out.values().stream().filter(s -> s == shard).count() < perShard) {
                out.put(r, shard);
            }
        }
        return out.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A new body whose posts by the send fail, so it goes through the fan-out queue. */
    private static String failingBody() {
        String body = Base64.getEncoder().withoutPadding().encodeToString(
                String.format("sharded %06d", BODIES.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        PostFaults.fail(body, LiveDelivery.POST_ATTEMPTS);
        return body;
    }
}

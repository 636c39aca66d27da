package dev.chatline.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.provisioning.ProvisionedResources;
import dev.chatline.provisioning.ResourceDefinitions;
import dev.chatline.provisioning.ResourceProvisioner;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.Json;
import dev.chatline.schema.QueueDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsEventSourceMappingTest {
    private static final EventSourceSettings SETTINGS = EventSourceSettings.defaults().withLongPollWait(
            Duration.ofSeconds(2));
    private String endpoint;
    private SqsClient sqs;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    void clients(MotoServer moto) {
        endpoint = moto.endpoint().toString();
        sqs = MessagingClients.sqs(clients("unused"));
    }

    @AfterEach
    void stopMappings() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        toClose.clear();
    }

    @Test
    void fifoGroupsStayInOrderAndDifferentGroupsRunInParallel() {
        ProvisionedResources.Queue queue = queue("esm-order", Duration.ofSeconds(30), 5);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
        AtomicBoolean groupRanConcurrently = new AtomicBoolean();
        AtomicInteger activeGroups = new AtomicInteger();
        AtomicInteger maxActiveGroups = new AtomicInteger();
        Object barrier = new Object();
        FunctionInvoker handler = (fn, event) -> {
            List<JsonNode> records = records(event);
            Set<String> groups = new java.util.LinkedHashSet<>();
            records.forEach(r -> groups.add(r.path("attributes").path("MessageGroupId").asText()));
            for (String g : groups) {
                if (active.computeIfAbsent(g, k -> new AtomicInteger()).incrementAndGet() > 1) {
                    groupRanConcurrently.set(true);
                }
            }
            synchronized (barrier) {
                maxActiveGroups.accumulateAndGet(activeGroups.addAndGet(groups.size()), Math::max);
                barrier.notifyAll();
                long deadline = System.currentTimeMillis() + 3000;
                // The first batches wait (bounded) until three groups are in the function at once.
                while (maxActiveGroups.get() < 3 && System.currentTimeMillis() < deadline) {
                    barrier.wait(deadline - System.currentTimeMillis());
                }
            }
            records.forEach(r -> seen.computeIfAbsent(r.path("attributes").path("MessageGroupId").asText(),
                    k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(r.path("body").asText())));
            activeGroups.addAndGet(-groups.size());
            groups.forEach(g -> active.get(g).decrementAndGet());
            return "{\"batchItemFailures\":[]}";
        };
        start("fanout", handler, queue);
        for (String group : List.of("chat-a", "chat-b", "chat-c")) {
            for (int from = 0; from < 20; from += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < from + 10; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(Integer.toString(i))
                            .messageGroupId(group).messageDeduplicationId(group + "-" + i).build());
                }
                sqs.sendMessageBatch(b -> b.queueUrl(queue.url()).entries(entries));
            }
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, 20).boxed().toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(seen.keySet()).containsExactlyInAnyOrder("chat-a", "chat-b", "chat-c");
            seen.values().forEach(order -> assertThat(order).isEqualTo(expected));
        });
        assertThat(groupRanConcurrently).isFalse();
        assertThat(maxActiveGroups.get()).isGreaterThanOrEqualTo(3);
        assertThat(approximateMessages(queue.url())).isZero();
    }

    @Test
    void eventHasTheShapeOfAnSqsEvent() {
        ProvisionedResources.Queue queue = queue("esm-shape", Duration.ofSeconds(30), 5);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        start("fanout", (fn, event) -> {
            received.addAll(records(event));
            return null;
        }, queue);
        sqs.sendMessage(b -> b.queueUrl(queue.url()).messageBody("{\"k\":1}").messageGroupId("g1")
                .messageDeduplicationId("d1").messageAttributes(Map.of("kind", MessageAttributeValue.builder()
                        .dataType("String").stringValue("message").build())));
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        JsonNode r = received.get(0);
        assertThat(r.path("body").asText()).isEqualTo("{\"k\":1}");
        assertThat(r.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(r.path("eventSourceARN").asText()).isEqualTo(queue.arn());
        assertThat(r.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(r.path("messageId").asText()).isNotBlank();
        assertThat(r.path("receiptHandle").asText()).isNotBlank();
        assertThat(r.path("md5OfBody").asText()).hasSize(32);
        JsonNode attrs = r.path("attributes");
        assertThat(attrs.path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(attrs.path("MessageGroupId").asText()).isEqualTo("g1");
        assertThat(attrs.path("MessageDeduplicationId").asText()).isEqualTo("d1");
        for (String name : List.of("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
                "SequenceNumber")) {
            assertThat(attrs.path(name).asText()).as(name).isNotBlank();
        }
        JsonNode kind = r.path("messageAttributes").path("kind");
        assertThat(kind.path("stringValue").asText()).isEqualTo("message");
        assertThat(kind.path("dataType").asText()).isEqualTo("String");
    }

    @Test
    void failedRecordAndTheRestOfItsGroupAreRedeliveredInOrder() {
        ProvisionedResources.Queue queue = queue("esm-partial", Duration.ofSeconds(2), 5);
        List<String> processed = new CopyOnWriteArrayList<>();
        Map<String, String> receiveCounts = new ConcurrentHashMap<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        start("fanout", (fn, event) -> {
            // A well-behaved FIFO consumer: stop at the first failure and report it and everything after it.
            List<String> failures = new ArrayList<>();
            for (JsonNode r : records(event)) {
                String body = r.path("body").asText();
                if (!failures.isEmpty() || ("m2".equals(body) && failedOnce.compareAndSet(false, true))) {
                    failures.add(r.path("messageId").asText());
                } else {
                    processed.add(body);
                    receiveCounts.put(body, r.path("attributes").path("ApproximateReceiveCount").asText());
                }
            }
            return batchItemFailures(failures);
        }, queue);
        send(queue.url(), "g", List.of("m0", "m1", "m2", "m3", "m4"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(processed).containsExactly("m0", "m1", "m2", "m3", "m4"));
        assertThat(receiveCounts).containsEntry("m0", "1").containsEntry("m2", "2");
        await().atMost(Duration.ofSeconds(5)).until(() -> approximateMessages(queue.url()) == 0);
    }

    @Test
    void functionErrorFailsTheWholeBatch() {
        ProvisionedResources.Queue queue = queue("esm-error", Duration.ofSeconds(1), 5);
        List<String> attempts = new CopyOnWriteArrayList<>();
        AtomicBoolean thrown = new AtomicBoolean();
        start("fanout", (fn, event) -> {
            records(event).forEach(r -> attempts.add(r.path("body").asText()));
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("boom");
            }
            return "{}";
        }, queue);
        send(queue.url(), "g", List.of("a", "b"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(attempts).containsExactly("a", "b", "a", "b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> approximateMessages(queue.url()) == 0);
    }

    @Test
    void messageMovesToTheDeadLetterQueueAfterMaxReceiveCount() {
        ProvisionedResources.Queue queue = queue("esm-dlq", Duration.ofSeconds(1), 2);
        AtomicInteger invocations = new AtomicInteger();
        start("fanout", (fn, event) -> {
            invocations.incrementAndGet();
            List<String> ids = records(event).stream().map(r -> r.path("messageId").asText()).toList();
            return batchItemFailures(ids);
        }, queue);
        send(queue.url(), "g", List.of("poison"));
        List<Message> dead = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dead.addAll(sqs.receiveMessage(b -> b.queueUrl(queue.dlqUrl()).waitTimeSeconds(1)).messages());
            return !dead.isEmpty();
        });
        assertThat(dead.get(0).body()).isEqualTo("poison");
        assertThat(invocations.get()).isEqualTo(2);
    }

    // ---- helpers

    private AwsClients clients(String stage) {
        return new AwsClients(ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, endpoint, ChatConfig.STAGE, stage)));
    }

    private ProvisionedResources.Queue queue(String stage, Duration visibility, int maxReceiveCount) {
        QueueDef def = new QueueDef("fanout", true, visibility, Duration.ofDays(1), maxReceiveCount,
                Duration.ofDays(1), "CHATLINE_FANOUT_QUEUE_URL");
        return new ResourceProvisioner(clients(stage))
                .provision(new ResourceDefinitions(List.of(), List.of(def), List.of(), List.of())).queue(def);
    }

    private void start(String function, FunctionInvoker invoker, ProvisionedResources.Queue queue) {
        toClose.add(SqsEventSourceMapping.start(function, invoker, sqs, queue.url(), 10, SETTINGS));
    }

    private void send(String url, String group, List<String> bodies) {
        // one SendMessageBatch, so that the poller cannot receive the first message alone
        List<SendMessageBatchRequestEntry> entries = bodies.stream().map(body -> SendMessageBatchRequestEntry
                .builder().id(body).messageBody(body).messageGroupId(group)
                .messageDeduplicationId(group + "-" + body).build()).toList();
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
    }

    private int approximateMessages(String url) {
        var attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(attrs.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }

    static List<JsonNode> records(String event) {
        List<JsonNode> list = new ArrayList<>();
        Json.read(event).path("Records").forEach(list::add);
        return Collections.unmodifiableList(list);
    }

    static String batchItemFailures(List<String> messageIds) {
        var root = Json.object();
        var arr = root.putArray("batchItemFailures");
        messageIds.forEach(id -> arr.addObject().put("itemIdentifier", id));
        return Json.write(root);
    }
}

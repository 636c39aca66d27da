package dev.chatline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.MessagingClients;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.catalog.MockRoute;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import dev.chatline.local.gateway.RouteTable;
import dev.chatline.protocol.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a developer runs locally is what an operator deploys: the local runtime (started on moto with the stack's
 * stage) serves exactly the stack's routes and has exactly the stack's tables, queues and topic, down to keys,
 * indexes, TTL attributes and queue settings. Subclasses compare other variants ({@link CellParityTest}: a cell of
 * a two-cell deployment).
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRuntimeParityTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = Json.MAPPER.copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private Synth.Synthesized synth;
    private LocalRuntime runtime;

    /** The synthesized stage under test: cdk.json's defaults. */
    Synth.Synthesized synthesized() {
        return Synth.defaults();
    }

    @BeforeAll
    void start(MotoServer moto) {
        synth = synthesized();
        runtime = LocalRuntime.start(RuntimeOptions.defaults().withStage(stage()).withPort(0),
                AwsBackend.endpoint(moto.endpoint()));
    }

    /** The stage the synthesized stack was given. */
    private String stage() {
        return synth.stack().settings().stage();
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void localGatewayServesExactlyTheStacksRoutes() {
        Set<String> stackRoutes = synth.resources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (String) props(r).get("RouteKey")).collect(Collectors.toSet());
        assertThat(runtime.gateway().routes().routeKeys()).isEqualTo(stackRoutes);
    }

    /** Route key → [request template, response template] of every MOCK integration route, stack and local. */
    @Test
    void localMockRoutesAnswerWithTheStacksTemplates() {
        Map<String, Map<String, Object>> integrations = synth.resources("AWS::ApiGatewayV2::Integration");
        Map<String, List<Object>> stack = new TreeMap<>();
        synth.resources("AWS::ApiGatewayV2::Route").values().stream().map(LocalRuntimeParityTest::props)
                .forEach(route -> integrations.entrySet().stream()
                        .filter(i -> "MOCK".equals(props(i.getValue()).get("IntegrationType"))
                                && route.get("Target").toString().contains(i.getKey()))
                        .forEach(i -> stack.put((String) route.get("RouteKey"), List.of(
                                ((Map<?, ?>) props(i.getValue()).get("RequestTemplates")).get("$default"),
                                responseTemplateOf(i.getKey())))));
        Map<String, List<Object>> local = new TreeMap<>();
        RouteTable routes = runtime.gateway().routes();
        routes.routeKeys().forEach(key -> routes.mockRoute(key).ifPresent(mock -> local.put(key,
                List.of(MockRoute.REQUEST_TEMPLATE, mock.responseTemplate()))));
        assertThat(local).isEqualTo(stack).isNotEmpty();
    }

    private Object responseTemplateOf(String integrationId) {
        return synth.resources("AWS::ApiGatewayV2::IntegrationResponse").values().stream()
                .map(LocalRuntimeParityTest::props)
                .filter(r -> Map.of("Ref", integrationId).equals(r.get("IntegrationId")))
                .map(r -> ((Map<?, ?>) r.get("ResponseTemplates")).get("$default")).findFirst().orElseThrow();
    }

    @Test
    void localTablesEqualTheStacksTables() {
        Map<String, String> stack = new TreeMap<>();
        synth.resources("AWS::DynamoDB::Table").values().forEach(r -> {
            Map<String, Object> p = props(r);
            stack.put((String) p.get("TableName"), shape(p.get("KeySchema"), p.get("GlobalSecondaryIndexes"),
                    p.get("TimeToLiveSpecification") == null ? null
                            : ((Map<?, ?>) p.get("TimeToLiveSpecification")).get("AttributeName")));
        });
        Map<String, String> local = new TreeMap<>();
        try (DynamoDbClient ddb = runtime.awsClients().dynamoDb()) {
            for (String name : runtime.resources().tableNames()) {
                TableDescription t = ddb.describeTable(b -> b.tableName(name)).table();
                String ttl = ddb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription()
                        .attributeName();
                List<Map<String, Object>> gsis = t.globalSecondaryIndexes().stream().map(g -> Map.<String, Object>of(
                        "IndexName", g.indexName(),
                        "KeySchema", g.keySchema().stream().map(k -> Map.of("AttributeName", k.attributeName(),
                                "KeyType", k.keyTypeAsString())).toList(),
                        "Projection", Map.of("ProjectionType", g.projection().projectionTypeAsString())))
                        .toList();
                local.put(name, shape(t.keySchema().stream().map(k -> Map.of("AttributeName", k.attributeName(),
                        "KeyType", k.keyTypeAsString())).toList(), gsis.isEmpty() ? null : gsis, ttl));
            }
        }
        assertThat(local).isEqualTo(stack).isNotEmpty();
    }

    @Test
    void localQueuesEqualTheStacksQueues() {
        Map<String, Map<String, String>> stack = new TreeMap<>();
        synth.resources("AWS::SQS::Queue").values().forEach(r -> {
            Map<String, Object> p = props(r);
            Map<String, String> settings = new TreeMap<>();
            settings.put("FifoQueue", String.valueOf(p.get("FifoQueue")));
            settings.put("MessageRetentionPeriod", String.valueOf(p.get("MessageRetentionPeriod")));
            if (p.get("VisibilityTimeout") != null) {
                settings.put("VisibilityTimeout", String.valueOf(p.get("VisibilityTimeout")));
                settings.put("DeduplicationScope", String.valueOf(p.get("DeduplicationScope")));
                settings.put("FifoThroughputLimit", String.valueOf(p.get("FifoThroughputLimit")));
                settings.put("maxReceiveCount", String.valueOf(
                        ((Map<?, ?>) p.get("RedrivePolicy")).get("maxReceiveCount")));
            }
            stack.put((String) p.get("QueueName"), settings);
        });
        Map<String, Map<String, String>> local = new TreeMap<>();
        try (SqsClient sqs = MessagingClients.sqs(runtime.awsClients())) {
            runtime.resources().queues().values().forEach(q -> {
                local.put(q.def().physicalName(stage()), queueSettings(sqs, q.url(), true));
                local.put(q.def().dlqPhysicalName(stage()), queueSettings(sqs, q.dlqUrl(), false));
            });
        }
        assertThat(local).isEqualTo(stack).isNotEmpty();
    }

    @Test
    void everyLocalTopicIsInTheStack() {
        Set<String> stackTopics = synth.resources("AWS::SNS::Topic").values().stream()
                .map(r -> (String) props(r).get("TopicName")).collect(Collectors.toSet());
        Set<String> localTopics = runtime.resources().topics().values().stream()
                .map(t -> t.def().physicalName(stage())).collect(Collectors.toSet());
        assertThat(stackTopics).containsAll(localTopics);
        assertThat(localTopics).isNotEmpty();
    }

    private static Map<String, String> queueSettings(SqsClient sqs, String url, boolean withConsumerSettings) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        Map<String, String> settings = new TreeMap<>();
        settings.put("FifoQueue", a.get(QueueAttributeName.FIFO_QUEUE));
        settings.put("MessageRetentionPeriod", a.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
        if (withConsumerSettings) {
            settings.put("VisibilityTimeout", a.get(QueueAttributeName.VISIBILITY_TIMEOUT));
            settings.put("DeduplicationScope", a.get(QueueAttributeName.DEDUPLICATION_SCOPE));
            settings.put("FifoThroughputLimit", a.get(QueueAttributeName.FIFO_THROUGHPUT_LIMIT));
            settings.put("maxReceiveCount",
                    Json.read(a.get(QueueAttributeName.REDRIVE_POLICY)).path("maxReceiveCount").asText());
        }
        return settings;
    }

    /** A canonical JSON rendering of a table's keys, indexes and TTL attribute (order-insensitive maps). */
    private static String shape(Object keySchema, Object gsis, Object ttl) {
        Map<String, Object> m = new TreeMap<>();
        m.put("keys", keySchema);
        m.put("gsis", gsis);
        m.put("ttl", ttl);
        try {
            return SORTED.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}

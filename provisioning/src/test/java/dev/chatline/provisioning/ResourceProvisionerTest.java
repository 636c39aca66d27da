package dev.chatline.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.protocol.Json;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceProvisionerTest {
    private AwsClients clients;
    private ProvisionedResources provisioned;

    @BeforeAll
    void provision(MotoServer moto) {
        clients = new AwsClients(ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(),
                ChatConfig.STAGE, "ptest", ChatConfig.REGION, "us-east-1")));
        provisioned = new ResourceProvisioner(clients).provisionAll();
    }

    @Test
    void everyTableHasItsKeysIndexesAndTtl() {
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            for (TableDef def : Tables.ALL) {
                String name = provisioned.tableName(def);
                assertThat(name).isEqualTo("chatline-ptest-" + def.logicalName());
                TableDescription t = dynamo.describeTable(b -> b.tableName(name)).table();
                assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
                assertThat(t.keySchema()).anySatisfy(k -> {
                    assertThat(k.attributeName()).isEqualTo(def.partitionKey().name());
                    assertThat(k.keyType()).isEqualTo(KeyType.HASH);
                });
                def.sortKeyOpt().ifPresentOrElse(
                        sk -> assertThat(t.keySchema()).anySatisfy(k -> {
                            assertThat(k.attributeName()).isEqualTo(sk.name());
                            assertThat(k.keyType()).isEqualTo(KeyType.RANGE);
                        }),
                        () -> assertThat(t.keySchema()).hasSize(1));
                assertThat(t.globalSecondaryIndexes()).hasSize(def.globalIndexes().size());
                var ttl = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
                if (def.ttlAttribute() != null) {
                    assertThat(ttl.attributeName()).isEqualTo(def.ttlAttribute());
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                } else {
                    assertThat(ttl.timeToLiveStatus()).isNotEqualTo(TimeToLiveStatus.ENABLED);
                }
            }
            var byUser = dynamo.describeTable(b -> b.tableName(provisioned.tableName(Tables.CONNECTIONS))).table()
                    .globalSecondaryIndexes().get(0);
            assertThat(byUser.indexName()).isEqualTo("byUser");
            assertThat(byUser.projection().projectionType()).isEqualTo(ProjectionType.ALL);
            assertThat(byUser.keySchema()).extracting(k -> k.attributeName()).containsExactly("userId", "deviceId");
        }
    }

    @Test
    void fanoutQueueIsFifoWithRedriveToFifoDlq() {
        ProvisionedResources.Queue q = provisioned.queue(Resources.FANOUT);
        assertThat(q.url()).endsWith("chatline-ptest-fanout.fifo");
        assertThat(q.dlqUrl()).endsWith("chatline-ptest-fanout-dlq.fifo");
        try (SqsClient sqs = MessagingClients.sqs(clients)) {
            Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(q.url())
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attrs).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                    .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                    .containsEntry(QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup")
                    .containsEntry(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId")
                    .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT,
                            Long.toString(dev.chatline.schema.Resources.FANOUT.visibilityTimeout().toSeconds()))
                    .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(4 * 86400))
                    .containsEntry(QueueAttributeName.QUEUE_ARN, q.arn());
            var redrive = Json.read(attrs.get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(q.dlqArn());
            assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
            Map<QueueAttributeName, String> dlq = sqs.getQueueAttributes(b -> b.queueUrl(q.dlqUrl())
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(dlq).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                    .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(14 * 86400));
        }
    }

    @Test
    void topicAndPrivateEncryptedExpiringBucketExist() {
        String topicArn = provisioned.topicArn(Resources.PUSH_REQUESTS);
        assertThat(topicArn).endsWith(":chatline-ptest-push-requests");
        try (var sns = MessagingClients.sns(clients)) {
            assertThat(sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes())
                    .containsEntry("TopicArn", topicArn);
        }
        String bucket = provisioned.bucketName(Resources.MEDIA);
        try (S3Client s3 = S3Clients.s3(clients)) {
            var pab = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            assertThat(pab.blockPublicAcls() && pab.blockPublicPolicy() && pab.ignorePublicAcls()
                    && pab.restrictPublicBuckets()).isTrue();
            assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules())
                    .anySatisfy(r -> assertThat(r.applyServerSideEncryptionByDefault().sseAlgorithm())
                            .isEqualTo(ServerSideEncryption.AES256));
            assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules())
                    .anySatisfy(r -> assertThat(r.expiration().days()).isEqualTo(30));
        }
    }

    @Test
    void provisioningAgainIsIdempotentAndExportsConfigKeys() {
        ProvisionedResources again = new ResourceProvisioner(clients).provisionAll();
        assertThat(again.configValues()).isEqualTo(provisioned.configValues());
        assertThat(again.configValues()).containsOnlyKeys("CHATLINE_FANOUT_QUEUE_URL", "CHATLINE_FANOUT_SHARDS",
                "CHATLINE_RELAY_QUEUE_URL", "CHATLINE_PUSH_TOPIC_ARN", "CHATLINE_MEDIA_BUCKET")
                .containsEntry("CHATLINE_FANOUT_SHARDS", "1");
        assertThat(again.tableNames()).hasSize(Tables.ALL.size());
    }

    @Test
    void theCellsSharedDirectoryIsOneTableUnderTheDeploymentsStageThatACellsResourcesInclude() {
        ProvisionedResources shared = new ResourceProvisioner(clients).provision(ResourceDefinitions.CELLS_SHARED);

        assertThat(shared.tableNames()).containsExactly("chatline-ptest-directory");
        assertThat(shared.queues()).isEmpty();
        ProvisionedResources cell = provisioned.withTablesOf(shared);
        assertThat(cell.tableName(CellResources.DIRECTORY)).isEqualTo("chatline-ptest-directory");
        assertThat(cell.tableNames()).hasSize(Tables.ALL.size() + 1);
        assertThat(cell.configValues()).isEqualTo(provisioned.configValues());
    }

    @Test
    void shardsAreProvisionedAsQueuesOfTheirOwnFoundThroughShardZero() {
        ProvisionedResources sharded = new ResourceProvisioner(clients)
                .provision(ResourceDefinitions.ALL.withShards(3));
        assertThat(sharded.shards(Resources.FANOUT)).extracting(q -> q.url()).hasSize(3)
                .allSatisfy(url -> assertThat(url).contains("chatline-ptest-fanout"))
                .doesNotHaveDuplicates();
        assertThat(sharded.shards(Resources.FANOUT).get(2).dlqUrl()).endsWith("chatline-ptest-fanout-2-dlq.fifo");
        assertThat(sharded.configValues()).containsEntry("CHATLINE_FANOUT_SHARDS", "3")
                .containsEntry("CHATLINE_FANOUT_QUEUE_URL", sharded.queue(Resources.FANOUT).url());
        dev.chatline.config.ChatConfig config = dev.chatline.config.ChatConfig.of(java.util.Map.of(
                "CHATLINE_STAGE", "ptest", "CHATLINE_FANOUT_QUEUE_URL", sharded.queue(Resources.FANOUT).url(),
                "CHATLINE_FANOUT_SHARDS", "3"));
        assertThat(config.shardCount(Resources.FANOUT)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(config.queueUrl(Resources.FANOUT.shard(i))).as("shard %d", i)
                    .isEqualTo(sharded.shards(Resources.FANOUT).get(i).url());
        }
    }
}

package dev.chatline.provisioning;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.BucketDef;
import dev.chatline.schema.IndexDef;
import dev.chatline.schema.KeyAttr;
import dev.chatline.schema.QueueDef;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.TopicDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the backend's resources from their shared definitions ({@link ResourceDefinitions}): the same shapes the
 * CDK stack deploys, for the embedded emulator, LocalStack or a personal AWS account.
 *
 * <ul>
 *   <li>DynamoDB tables: on-demand (PAY_PER_REQUEST), keys and GSIs as defined (projection ALL or KEYS_ONLY), then
 *       TTL enabled on the table's TTL attribute.</li>
 *   <li>SQS: the dead-letter queue first (FIFO when the queue is FIFO, with the DLQ retention), then the queue with
 *       its visibility timeout, retention, {@code ContentBasedDeduplication=false} and a {@code RedrivePolicy} that
 *       moves a message to the DLQ after {@code maxReceiveCount} receives.</li>
 *   <li>SNS: the topic.</li>
 *   <li>S3: the bucket, private (all public access blocked), default encryption SSE-S3 (AES256) and a lifecycle
 *       rule expiring objects after the bucket's object expiry.</li>
 * </ul>
 *
 * <p>Idempotent: a resource that already exists is left as it is (its URL/ARN is looked up), so provisioning an
 * already provisioned stage is cheap and safe.
 */
public final class ResourceProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceProvisioner.class);

    private final AwsClients clients;
    private final ChatConfig config;

    public ResourceProvisioner(AwsClients clients) {
        this.clients = clients;
        this.config = clients.config();
    }

    /** Provisions every resource of the backend ({@link ResourceDefinitions#ALL}). */
    public ProvisionedResources provisionAll() {
        return provision(ResourceDefinitions.ALL);
    }

    public ProvisionedResources provision(ResourceDefinitions defs) {
        Map<String, String> tables = new LinkedHashMap<>();
        Map<String, ProvisionedResources.Queue> queues = new LinkedHashMap<>();
        Map<String, ProvisionedResources.Topic> topics = new LinkedHashMap<>();
        Map<String, ProvisionedResources.Bucket> buckets = new LinkedHashMap<>();
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            defs.tables().forEach(t -> tables.put(t.logicalName(), ensureTable(dynamo, t)));
        }
        try (SqsClient sqs = MessagingClients.sqs(clients)) {
            defs.queues().forEach(q -> queues.put(q.logicalName(), ensureQueue(sqs, q)));
        }
        try (SnsClient sns = MessagingClients.sns(clients)) {
            defs.topics().forEach(t -> topics.put(t.logicalName(),
                    new ProvisionedResources.Topic(t, sns.createTopic(b -> b.name(t.physicalName(config.stage())))
                            .topicArn())));
        }
        try (S3Client s3 = S3Clients.s3(clients)) {
            defs.buckets().forEach(b -> buckets.put(b.logicalName(),
                    new ProvisionedResources.Bucket(b, ensureBucket(s3, b))));
        }
        LOG.info("provisioned stage {}: {} tables, {} queues, {} topics, {} buckets", config.stage(), tables.size(),
                queues.size(), topics.size(), buckets.size());
        return new ProvisionedResources(config.stage(), tables, queues, topics, buckets);
    }

    private String ensureTable(DynamoDbClient dynamo, TableDef def) {
        String name = config.tableName(def);
        try {
            dynamo.describeTable(b -> b.tableName(name));
            LOG.debug("table {} exists", name);
            return name;
        } catch (ResourceNotFoundException absent) {
            // create it below
        }
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(def.partitionKey(), def.sortKey()))
                .attributeDefinitions(attributeDefinitions(def));
        if (!def.globalIndexes().isEmpty()) {
            req.globalSecondaryIndexes(def.globalIndexes().stream().map(ResourceProvisioner::index).toList());
        }
        dynamo.createTable(req.build());
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        def.ttlAttributeOpt().ifPresent(attr -> dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(s -> s.attributeName(attr).enabled(true))));
        LOG.debug("created table {}", name);
        return name;
    }

    private static GlobalSecondaryIndex index(IndexDef index) {
        return GlobalSecondaryIndex.builder()
                .indexName(index.name())
                .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                .projection(Projection.builder()
                        .projectionType(index.keysOnly() ? ProjectionType.KEYS_ONLY : ProjectionType.ALL).build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttr partitionKey, KeyAttr sortKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    /** Every key attribute of the table and its indexes, once each. */
    private static List<AttributeDefinition> attributeDefinitions(TableDef def) {
        Set<KeyAttr> attrs = new LinkedHashSet<>();
        attrs.add(def.partitionKey());
        def.sortKeyOpt().ifPresent(attrs::add);
        for (IndexDef index : def.globalIndexes()) {
            attrs.add(index.partitionKey());
            if (index.sortKey() != null) {
                attrs.add(index.sortKey());
            }
        }
        return attrs.stream().map(a -> AttributeDefinition.builder().attributeName(a.name())
                .attributeType(ScalarAttributeType.fromValue(a.type().name())).build()).toList();
    }

    private ProvisionedResources.Queue ensureQueue(SqsClient sqs, QueueDef def) {
        String stage = config.stage();
        Map<QueueAttributeName, String> dlqAttrs = new LinkedHashMap<>();
        if (def.fifo()) {
            dlqAttrs.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        dlqAttrs.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(def.dlqRetention()));
        String dlqUrl = ensureQueue(sqs, def.dlqPhysicalName(stage), dlqAttrs);
        String dlqArn = queueArn(sqs, dlqUrl);

        Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
        if (def.fifo()) {
            attrs.put(QueueAttributeName.FIFO_QUEUE, "true");
            attrs.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
            // high-throughput FIFO mode, as the CDK stack deploys it (see QueueDef)
            attrs.put(QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup");
            attrs.put(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId");
        }
        attrs.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(def.visibilityTimeout()));
        attrs.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(def.retention()));
        attrs.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + def.maxReceiveCount() + "}");
        String url = ensureQueue(sqs, def.physicalName(stage), attrs);
        return new ProvisionedResources.Queue(def, url, queueArn(sqs, url), dlqUrl, dlqArn);
    }

    private static String ensureQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attrs) {
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            LOG.debug("queue {} exists", name);
            return url;
        } catch (QueueDoesNotExistException absent) {
            String url = sqs.createQueue(b -> b.queueName(name).attributes(attrs)).queueUrl();
            LOG.debug("created queue {}", name);
            return url;
        }
    }

    private static String queueArn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private String ensureBucket(S3Client s3, BucketDef def) {
        String name = config.bucketName(def);
        try {
            s3.headBucket(b -> b.bucket(name));
            LOG.debug("bucket {} exists", name);
            return name;
        } catch (NoSuchBucketException absent) {
            // create it below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        String region = config.region();
        s3.createBucket(b -> {
            b.bucket(name);
            if (!"us-east-1".equals(region)) {
                b.createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(region).build());
            }
        });
        s3.putPublicAccessBlock(b -> b.bucket(name).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(
                ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        ServerSideEncryptionByDefault.builder().sseAlgorithm(ServerSideEncryption.AES256).build())
                        .build())));
        int days = (int) Math.max(1, def.objectExpiry().toDays());
        s3.putBucketLifecycleConfiguration(b -> b.bucket(name).lifecycleConfiguration(
                BucketLifecycleConfiguration.builder().rules(LifecycleRule.builder()
                        .id("expire-objects")
                        .status(ExpirationStatus.ENABLED)
                        .filter(LifecycleRuleFilter.builder().prefix("").build())
                        .expiration(LifecycleExpiration.builder().days(days).build())
                        .build()).build()));
        LOG.debug("created bucket {}", name);
        return name;
    }

    private static String seconds(java.time.Duration d) {
        return Long.toString(d.toSeconds());
    }
}

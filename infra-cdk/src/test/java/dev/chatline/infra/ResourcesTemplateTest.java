package dev.chatline.infra;

import static dev.chatline.infra.DataTablesTemplateTest.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** Queue, topics, buckets, CDN, identity, secret, alarms, dashboard and outputs. */
class ResourcesTemplateTest {
    private final Synth.Synthesized synth = Synth.defaults();

    @Test
    void fanoutQueueIsFifoWithRedriveToAFifoDeadLetterQueue() {
        synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", Resources.FANOUT.physicalName("prod"),
                "FifoQueue", true,
                "ContentBasedDeduplication", false,
                "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId",
                "SqsManagedSseEnabled", true,
                "VisibilityTimeout", (int) Resources.FANOUT.visibilityTimeout().toSeconds(),
                "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(),
                        "maxReceiveCount", Resources.FANOUT.maxReceiveCount())));
        synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", Resources.FANOUT.dlqPhysicalName("prod"), "FifoQueue", true,
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", (int) Resources.FANOUT.dlqRetention().toSeconds()));
        assertThat(synth.resources("AWS::SQS::QueuePolicy")).hasSize(2 * Resources.QUEUES.size())
                .allSatisfy((id, p) -> assertThat(props(p).toString())
                        .contains("aws:SecureTransport=false", "Effect=Deny"));
    }

    /** Every deployment has its relay queue (idle without peer cells), with the fan-out queue's settings. */
    @Test
    void relayQueueIsFifoWithADeadLetterQueueAlarmsAndAnOutputButNoPeerAccess() {
        synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", Resources.RELAY.physicalName("prod"), "FifoQueue", true,
                "ContentBasedDeduplication", false, "DeduplicationScope", "messageGroup",
                "VisibilityTimeout", (int) Resources.RELAY.visibilityTimeout().toSeconds(),
                "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(),
                        "maxReceiveCount", Resources.RELAY.maxReceiveCount())));
        synth.template().hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", Resources.RELAY.dlqPhysicalName("prod"), "FifoQueue", true));
        assertThat(synth.resources("AWS::CloudWatch::Alarm").keySet())
                .anyMatch(id -> id.startsWith("MonitoringRelayDeadLetters"))
                .anyMatch(id -> id.startsWith("MonitoringRelayOldestMessageAge"));
        assertThat(synth.template().findOutputs("*")).containsKey("RelayDeadLetterQueueArn");
        // a single cell has no peers: no account but its own may send to the queue
        assertThat(synth.resources("AWS::SQS::QueuePolicy").values().toString()).doesNotContain("sqs:SendMessage");
    }

    @Test
    void topicsAreKmsEncryptedAndTlsOnly() {
        synth.template().hasResourceProperties("AWS::SNS::Topic", Map.of(
                "TopicName", Resources.PUSH_REQUESTS.physicalName("prod"),
                "KmsMasterKeyId", Match.anyValue()));
        synth.template().hasResourceProperties("AWS::SNS::Topic", Map.of(
                "TopicName", "chatline-prod-alarms", "KmsMasterKeyId", Match.anyValue()));
        synth.template().hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        assertThat(synth.resources("AWS::SNS::TopicPolicy")).hasSize(2).allSatisfy((id, p) ->
                assertThat(props(p).toString()).contains("aws:SecureTransport=false"));
    }

    @Test
    void mediaBucketIsPrivateEncryptedExpiringWithCorsAndAccessLogs() {
        synth.template().hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Match.objectLike(Map.of()),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", (int) Resources.MEDIA.objectExpiry().toDays(), "Status", "Enabled"))))),
                "CorsConfiguration", Map.of("CorsRules", List.of(Match.objectLike(Map.of(
                        "AllowedMethods", List.of("PUT", "GET", "HEAD"), "AllowedOrigins", List.of("*"))))),
                "LoggingConfiguration", Map.of("DestinationBucketName", Match.anyValue(),
                        "LogFilePrefix", "s3/media/")));
        assertThat(synth.resources("AWS::S3::BucketPolicy")).hasSize(2).allSatisfy((id, p) ->
                assertThat(props(p).toString()).contains("aws:SecureTransport=false"));
    }

    @Test
    void distributionReadsTheBucketThroughOriginAccessControl() {
        synth.template().resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        synth.template().hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig",
                Match.objectLike(Map.of(
                        "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue()))),
                        "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "https-only")),
                        "Logging", Match.objectLike(Map.of("Prefix", "cloudfront/media/"))))));
        assertThat(synth.resources("AWS::S3::BucketPolicy").values().toString())
                .contains("cloudfront.amazonaws.com", "AWS:SourceArn");
    }

    @Test
    void mediaDownloadsGoThroughSignedCloudFrontUrlsWhenASigningKeyIsConfigured() {
        synth.template().resourceCountIs("AWS::CloudFront::KeyGroup", 0);
        Synth.Synthesized prod = Synth.production();
        prod.template().resourceCountIs("AWS::CloudFront::PublicKey", 1);
        prod.template().resourceCountIs("AWS::CloudFront::KeyGroup", 1);
        prod.template().hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig",
                Match.objectLike(Map.of("DefaultCacheBehavior", Match.objectLike(Map.of(
                        "TrustedKeyGroups", List.of(Match.anyValue())))))));
        prod.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "chatline-live-mediaDownload",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "CHATLINE_MEDIA_CDN_KEY_SECRET_ARN", Synth.MEDIA_SIGNING_SECRET_ARN,
                        "CHATLINE_MEDIA_CDN_KEY_ID", Match.anyValue(),
                        "CHATLINE_MEDIA_CDN_DOMAIN", Match.anyValue())))));
        prod.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "chatline-live-mediaUpload",
                "Environment", Map.of("Variables", Match.not(Match.objectLike(Map.of(
                        "CHATLINE_MEDIA_CDN_KEY_ID", Match.anyValue()))))));
    }

    @Test
    void cognitoUserPoolAndClientUnlessAnExternalIssuerIsConfigured() {
        synth.template().hasResourceProperties("AWS::Cognito::UserPool", Map.of("UserPoolName",
                "chatline-prod-users", "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of(
                        "MinimumLength", 12)))));
        synth.template().hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of("GenerateSecret", false));
        Synth.production().template().resourceCountIs("AWS::Cognito::UserPool", 0);
        Synth.production().template().resourceCountIs("AWS::Cognito::UserPoolClient", 0);
    }

    @Test
    void firebaseSecretHoldsAJsonPlaceholder() {
        synth.template().hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Description", Match.stringLikeRegexp("Chatline prod: Firebase service-account JSON.*"),
                "GenerateSecretString", Map.of("SecretStringTemplate", "{\"unconfigured\":true}",
                        "GenerateStringKey", "placeholder")));
        Synth.production().template().hasResource("AWS::SecretsManager::Secret", Map.of(
                "DeletionPolicy", "Retain"));
    }

    @Test
    void alarmsCoverDeadLettersQueueAgeFunctionsAndApi() {
        Map<String, Map<String, Object>> alarms = synth.resources("AWS::CloudWatch::Alarm");
        long answeringRoutes = FunctionCatalog.ALL.stream().filter(d -> d.trigger() instanceof Trigger.Route r
                && !"$connect".equals(r.routeKey())).count();
        // per queue: dead letters, age; per function: errors, throttles; per route answering failures with a
        // frame: internal errors; the API: execution and integration errors; push off
        assertThat(alarms).hasSize((int) (2 * Resources.QUEUES.size() + 2 * FunctionCatalog.ALL.size()
                + answeringRoutes + 3));
        List<Object> metrics = alarms.values().stream().map(a -> props(a).get("MetricName")).toList();
        assertThat(metrics).contains("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage",
                "ExecutionError", "IntegrationError");
        assertThat(metrics.stream().filter("Errors"::equals)).hasSize(FunctionCatalog.ALL.size());
        assertThat(metrics.stream().filter("Throttles"::equals)).hasSize(FunctionCatalog.ALL.size());
        alarms.values().forEach(a -> assertThat(props(a).get("AlarmActions").toString())
                .contains("MonitoringAlarmTopic"));
        synth.template().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold"));
        synth.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void outputsNameEverythingAClientOrOperatorNeeds() {
        Map<String, Map<String, Object>> outputs = synth.template().findOutputs("*");
        assertThat(outputs).containsKeys("WebSocketUrl", "ConnectionsUrl", "MediaBucketName",
                "MediaDistributionDomain", "UserPoolId", "UserPoolClientId", "FirebaseSecretArn",
                "AlarmTopicArn", "FanoutDeadLetterQueueArn");
        assertThat(outputs.get("WebSocketUrl").toString()).contains("wss://", "/prod");
        assertThat(outputs.get("ConnectionsUrl").toString()).contains("https://", "/prod");
        assertThat(Synth.production().template().findOutputs("*")).doesNotContainKeys("UserPoolId",
                "UserPoolClientId");
    }
}

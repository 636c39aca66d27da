package dev.chatline.aws;

import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients of message delivery, on the settings of an {@link AwsClients}: SQS (the fan-out queue), SNS (the push
 * requests topic) and the API Gateway management API ({@code @connections}). Separate from {@link AwsClients} so
 * that the functions that never deliver (authorizer, media, push) need not ship these SDK modules.
 */
public final class MessagingClients {
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:" + OfflineCalls.NAME;
    /** SNS answers in XML (query protocol). */
    private static final String SNS_PUBLISHED = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
            + "<PublishResult><MessageId>" + OfflineCalls.NAME + "</MessageId></PublishResult></PublishResponse>";

    private MessagingClients() {
    }

    public static SqsClient sqs(AwsClients aws) {
        return aws.configure(SqsClient.builder()).httpClient(aws.httpClient()).build();
    }

    public static SnsClient sns(AwsClients aws) {
        return aws.configure(SnsClient.builder()).httpClient(aws.httpClient()).build();
    }

    /** Management API client for the configured {@code @connections} endpoint. */
    public static ApiGatewayManagementApiClient connections(AwsClients aws) {
        return connections(aws, aws.config().connectionsEndpoint());
    }

    /**
     * Management API client for one {@code @connections} endpoint. The SDK does not retry its calls: a post is
     * retried by the deliverer on that connection only, with a short backoff, and then handed to the fan-out queue
     * ({@code LiveDelivery}); SDK retries on top would hold a send's ack for seconds behind one throttled socket.
     */
    public static ApiGatewayManagementApiClient connections(AwsClients aws, URI endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .region(Region.of(aws.config().region()))
                .credentialsProvider(aws.credentials())
                .overrideConfiguration(aws.overrides().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build())
                .httpClient(aws.httpClient())
                .endpointOverride(endpoint)
                .build();
    }

    /**
     * Runs the SQS, SNS and {@code @connections} operations the services use once, on clients that send nothing
     * ({@link AwsClients#offline}): loads and links the request paths before a SnapStart snapshot. Sends nothing.
     */
    public static void prime(AwsClients aws) {
        String name = OfflineCalls.NAME;
        try (SqsClient sqs = sqs(aws.offline("{}"))) {
            OfflineCalls.run(() -> sqs.sendMessage(r -> r.queueUrl(name).messageBody(name).messageGroupId(name)
                    .messageDeduplicationId(name)));
            OfflineCalls.run(() -> sqs.changeMessageVisibilityBatch(r -> r.queueUrl(name).entries(e -> e.id(name)
                    .receiptHandle(name).visibilityTimeout(1))));
        }
        try (SnsClient sns = sns(aws.offline(SNS_PUBLISHED))) {
            OfflineCalls.run(() -> sns.publish(r -> r.topicArn(TOPIC).message(name)));
            OfflineCalls.run(() -> sns.publishBatch(r -> r.topicArn(TOPIC).publishBatchRequestEntries(e -> e.id(name)
                    .message(name))));
        }
        try (ApiGatewayManagementApiClient api = connections(aws.offline("{}"), URI.create("https://prime/prime"))) {
            OfflineCalls.run(() -> api.postToConnection(r -> r.connectionId(name)
                    .data(SdkBytes.fromUtf8String(name))));
        }
    }
}

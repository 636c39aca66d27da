package dev.chatline.local.iam;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import dev.chatline.schema.KeyAttr;
import dev.chatline.schema.Resources;
import dev.chatline.schema.TableDef;
import dev.chatline.schema.Tables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A hosted function that makes the AWS call its event names, the way the real handlers do: clients built in the
 * constructor (the {@code @connections} client, and one DynamoDB client, inside the invocation), calls from the
 * invocation thread or from a worker thread of its own pool. The queue, topic and endpoint come in the event, as if
 * the code had found them some other way than its configuration (which holds only its own resources): the IAM
 * check is what refuses the call. It answers {@code ok}, or the refused call's exception class, code and message.
 *
 * <p>Event: {@code {"call": "putItem", "table": "device-keys", "thread": "worker", "queueUrl": ...}}.
 */
public class AwsCallHandler implements RequestHandler<Map<String, String>, Map<String, Object>> {
    private final AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
    private final ChatConfig config = aws.config();
    private final DynamoDbClient ddb = aws.dynamoDb();
    private final SqsClient sqs = MessagingClients.sqs(aws);
    private final SnsClient sns = MessagingClients.sns(aws);
    private final S3Presigner presigner = S3Clients.presigner(aws);
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "aws-call-worker");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
        Runnable call = () -> call(event);
        try {
            switch (event.getOrDefault("thread", "invocation")) {
                case "worker" -> CompletableFuture.runAsync(call, workers).join();
                case "common-pool" -> CompletableFuture.runAsync(call).join();
                default -> call.run();
            }
            return Map.of("result", "ok");
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            if (!(cause instanceof AwsServiceException refused) || refused.awsErrorDetails() == null) {
                throw e;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exception", refused.getClass().getSimpleName());
            out.put("status", refused.statusCode());
            out.put("code", refused.awsErrorDetails().errorCode());
            out.put("message", refused.awsErrorDetails().errorMessage());
            return out;
        }
    }

    private void call(Map<String, String> event) {
        switch (event.get("call")) {
            case "getItem" -> ddb.getItem(b -> b.tableName(table(event.get("table"))).key(key(event.get("table"))));
            case "putItem" -> ddb.putItem(b -> b.tableName(table(event.get("table"))).item(key(event.get("table"))));
            case "scan" -> ddb.scan(b -> b.tableName(table(event.get("table"))));
            case "transactWrite" -> ddb.transactWriteItems(b -> b.transactItems(List.of(
                    TransactWriteItem.builder().put(p -> p.tableName(table("messages")).item(key("messages"))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table("receipts")).key(key("receipts"))
                            .updateExpression("SET seen = :t").expressionAttributeValues(
                                    Map.of(":t", AttributeValue.fromBool(true)))).build())));
            case "batchWrite" -> ddb.batchWriteItem(b -> b.requestItems(Map.of(
                    table("messages"), List.of(WriteRequest.builder().putRequest(p -> p.item(key("messages"))).build()),
                    table("receipts"), List.of(WriteRequest.builder().putRequest(p -> p.item(key("receipts")))
                            .build()))));
            case "sendMessage" -> sqs.sendMessage(b -> b.queueUrl(event.get("queueUrl")).messageBody("{}")
                    .messageGroupId("g").messageDeduplicationId(java.util.UUID.randomUUID().toString()));
            case "publish" -> sns.publish(b -> b.topicArn(event.get("topicArn")).message("{}"));
            case "presignPut" -> presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(1))
                    .putObjectRequest(p -> p.bucket(config.bucketName(Resources.MEDIA)).key("m/1")));
            case "presignGet" -> presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(1))
                    .getObjectRequest(g -> g.bucket(config.bucketName(Resources.MEDIA)).key("m/1")));
            case "post" -> connections(event).postToConnection(b -> b.connectionId("Tm9Db25uZWN0aW9uPQ=")
                    .data(SdkBytes.fromUtf8String("{}")));
            case "getSecret" -> Secrets.read(aws, event.get("secret"));
            case "lazyClientPutItem" -> new AwsClients(ChatConfig.fromEnvironment()).dynamoDb()
                    .putItem(b -> b.tableName(table(event.get("table"))).item(key(event.get("table"))));
            default -> throw new IllegalArgumentException("unknown call " + event.get("call"));
        }
    }

    private ApiGatewayManagementApiClient connections(Map<String, String> event) {
        return MessagingClients.connections(aws, java.net.URI.create(event.get("endpoint")));
    }

    private String table(String logicalName) {
        return config.tableName(def(logicalName));
    }

    private static TableDef def(String logicalName) {
        return Tables.ALL.stream().filter(t -> t.logicalName().equals(logicalName)).findFirst().orElseThrow();
    }

    /** An item holding just a key of the table. */
    private static Map<String, AttributeValue> key(String logicalName) {
        TableDef table = def(logicalName);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(table.partitionKey().name(), value(table.partitionKey()));
        table.sortKeyOpt().ifPresent(sort -> key.put(sort.name(), value(sort)));
        return key;
    }

    private static AttributeValue value(KeyAttr attr) {
        return attr.type() == KeyAttr.Type.N ? AttributeValue.fromN("1") : AttributeValue.fromS("k");
    }
}

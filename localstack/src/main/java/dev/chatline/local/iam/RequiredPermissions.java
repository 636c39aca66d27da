package dev.chatline.local.iam;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The IAM permissions an AWS SDK request needs, as AWS authorizes them: the action is the operation (with the
 * few renamings IAM makes: a batch send or publish needs the single action, an S3 {@code HeadObject} needs
 * {@code s3:GetObject}, every {@code @connections} call needs {@code execute-api:ManageConnections}); the
 * resource comes from the request. A DynamoDB batch needs its action on every table it names, and a transaction
 * needs the per-item action of every item ({@code PutItem}, {@code UpdateItem}, {@code DeleteItem},
 * {@code ConditionCheckItem}; {@code GetItem} for {@code TransactGetItems}).
 */
final class RequiredPermissions {
    private static final String MODEL_PACKAGE = "software.amazon.awssdk.services.";
    private static final Map<String, String> SERVICE_PREFIXES = Map.of("apigatewaymanagementapi", "execute-api");
    static final String LAMBDA_INVOKE = "lambda:InvokeFunction";
    private static final Map<String, String> RENAMED_ACTIONS = Map.ofEntries(
            Map.entry("lambda:Invoke", LAMBDA_INVOKE),
            Map.entry("sqs:SendMessageBatch", "sqs:SendMessage"),
            Map.entry("sqs:DeleteMessageBatch", "sqs:DeleteMessage"),
            Map.entry("sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
            Map.entry("sns:PublishBatch", "sns:Publish"),
            Map.entry("s3:HeadObject", "s3:GetObject"),
            Map.entry("s3:CreateMultipartUpload", "s3:PutObject"),
            Map.entry("s3:UploadPart", "s3:PutObject"),
            Map.entry("s3:CompleteMultipartUpload", "s3:PutObject"),
            Map.entry("s3:DeleteObjects", "s3:DeleteObject"),
            Map.entry("s3:ListObjects", "s3:ListBucket"),
            Map.entry("s3:ListObjectsV2", "s3:ListBucket"),
            Map.entry("s3:HeadBucket", "s3:ListBucket"));

    private RequiredPermissions() {
    }

    /** @param operation the SDK's operation name ({@code PutItem}), or null to take it from the request class */
    static List<Permission> of(SdkRequest request, String operation) {
        String service = service(request);
        String op = operation != null ? operation : request.getClass().getSimpleName().replaceFirst("Request$", "");
        if (service.equals("dynamodb")) {
            List<Permission> perItem = dynamoDbItems(request);
            if (!perItem.isEmpty()) {
                return perItem;
            }
        }
        String action = service.equals("execute-api") ? "execute-api:ManageConnections"
                : RENAMED_ACTIONS.getOrDefault(service + ":" + op, service + ":" + op);
        return List.of(new Permission(action, resource(service, request)));
    }

    private static String service(SdkRequest request) {
        String pkg = request.getClass().getPackageName();
        String name = pkg.startsWith(MODEL_PACKAGE) ? pkg.substring(MODEL_PACKAGE.length()).split("\\.")[0] : pkg;
        return SERVICE_PREFIXES.getOrDefault(name, name);
    }

    /** Batches and transactions: one permission per table and action; empty for single-table operations. */
    private static List<Permission> dynamoDbItems(SdkRequest request) {
        List<Permission> out = new ArrayList<>();
        if (request instanceof BatchGetItemRequest r) {
            r.requestItems().keySet().forEach(t -> out.add(new Permission("dynamodb:BatchGetItem", table(t))));
        } else if (request instanceof BatchWriteItemRequest r) {
            r.requestItems().keySet().forEach(t -> out.add(new Permission("dynamodb:BatchWriteItem", table(t))));
        } else if (request instanceof TransactWriteItemsRequest r) {
            r.transactItems().forEach(item -> out.add(transactWrite(item)));
        } else if (request instanceof TransactGetItemsRequest r) {
            r.transactItems().forEach(item -> out.add(new Permission("dynamodb:GetItem",
                    table(item.get().tableName()))));
        }
        return out;
    }

    private static Permission transactWrite(TransactWriteItem item) {
        if (item.put() != null) {
            return new Permission("dynamodb:PutItem", table(item.put().tableName()));
        }
        if (item.update() != null) {
            return new Permission("dynamodb:UpdateItem", table(item.update().tableName()));
        }
        if (item.delete() != null) {
            return new Permission("dynamodb:DeleteItem", table(item.delete().tableName()));
        }
        return new Permission("dynamodb:ConditionCheckItem", table(item.conditionCheck().tableName()));
    }

    private static String resource(String service, SdkRequest request) {
        return switch (service) {
            case "dynamodb" -> field(request, "TableName").map(RequiredPermissions::table).orElse(Permission.ANY);
            case "sqs" -> field(request, "QueueUrl").map(RequiredPermissions::queueName)
                    .or(() -> field(request, "QueueName")).orElse(Permission.ANY);
            case "sns" -> field(request, "TopicArn").or(() -> field(request, "TargetArn")).orElse(Permission.ANY);
            case "s3" -> field(request, "Bucket").orElse(Permission.ANY);
            case "secretsmanager" -> field(request, "SecretId").orElse(Permission.ANY);
            case "execute-api" -> Permission.CONNECTIONS;
            case "lambda" -> field(request, "FunctionName").map(FunctionName::of).orElse(Permission.ANY);
            default -> Permission.ANY;
        };
    }

    private static java.util.Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }

    /** A table name, or the name in a table ARN ({@code arn:aws:dynamodb:...:table/<name>}). */
    private static String table(String nameOrArn) {
        int slash = nameOrArn.indexOf(":table/");
        return slash < 0 ? nameOrArn : nameOrArn.substring(slash + ":table/".length());
    }

    /** The queue's name: the last segment of its URL. */
    static String queueName(String queueUrl) {
        String path = URI.create(queueUrl).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

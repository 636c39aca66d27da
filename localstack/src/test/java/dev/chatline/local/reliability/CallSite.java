package dev.chatline.local.reliability;

import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * One kind of AWS call a function makes: service, operation and the resource it touches, by logical name
 * ({@code DynamoDb UpdateItem chats}, {@code DynamoDb TransactWriteItems idempotency+inbox+messages+receipts},
 * {@code Sqs SendMessage fanout.fifo}, {@code ApiGatewayManagementApi PostToConnection}). The fault matrix faults the
 * first call of each site an operation makes.
 */
public record CallSite(String service, String operation, String resource) {
    /** Physical names are {@code chatline-<stage>-<logical>}. */
    private static final Pattern PHYSICAL_PREFIX = Pattern.compile("^chatline-[A-Za-z0-9]+-");

    static CallSite of(String service, String operation, SdkRequest request) {
        return new CallSite(service, operation, resource(request));
    }

    private static String resource(SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest t) {
            TreeSet<String> tables = new TreeSet<>();
            t.transactItems().forEach(i -> tables.add(logical(table(i))));
            return String.join("+", tables);
        }
        if (request instanceof BatchWriteItemRequest b) {
            return joined(b.requestItems().keySet());
        }
        if (request instanceof BatchGetItemRequest b) {
            return joined(b.requestItems().keySet());
        }
        for (String field : new String[] {"TableName", "QueueUrl", "TopicArn", "Bucket"}) {
            Optional<String> value = request.getValueForField(field, String.class);
            if (value.isPresent()) {
                String v = value.get();
                return logical(v.substring(Math.max(v.lastIndexOf('/'), v.lastIndexOf(':')) + 1));
            }
        }
        return "";
    }

    private static String table(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        }
        if (item.update() != null) {
            return item.update().tableName();
        }
        if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.conditionCheck().tableName();
    }

    private static String joined(java.util.Collection<String> tables) {
        TreeSet<String> names = new TreeSet<>();
        tables.forEach(t -> names.add(logical(t)));
        return String.join("+", names);
    }

    private static String logical(String physical) {
        return PHYSICAL_PREFIX.matcher(physical).replaceFirst("");
    }

    @Override
    public String toString() {
        return resource.isEmpty() ? service + " " + operation : service + " " + operation + " " + resource;
    }
}

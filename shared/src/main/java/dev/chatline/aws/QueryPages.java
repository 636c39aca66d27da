package dev.chatline.aws;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Runs a Query to its end: every page, following {@code LastEvaluatedKey}, in order, through the SDK's paginator (for
 * the store classes; callers bound the result size by their key design).
 */
public final class QueryPages {
    private QueryPages() {
    }

    /** Hands every page to {@code page}, in order. */
    public static void forEach(DynamoDbClient ddb, QueryRequest.Builder request, Consumer<QueryResponse> page) {
        ddb.queryPaginator(request.build()).forEach(page);
    }

    /** Every item the query returns. */
    public static List<Map<String, AttributeValue>> all(DynamoDbClient ddb, QueryRequest.Builder request) {
        return ddb.queryPaginator(request.build()).items().stream().toList();
    }
}

package dev.chatline.aws;

import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Runs a Query to its end: every page, following {@code LastEvaluatedKey}, in order. */
public final class QueryPages {
    private QueryPages() {
    }

    public static void forEach(DynamoDbClient ddb, QueryRequest.Builder request, Consumer<QueryResponse> page) {
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse response = ddb.query(request.exclusiveStartKey(startKey).build());
            page.accept(response);
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
    }
}

package dev.chatline.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads every page of a Query (for the store classes; callers bound the result size by their key design). */
public final class QueryPages {
    private QueryPages() {
    }

    /** Every item the query returns, following {@code LastEvaluatedKey} until the last page. */
    public static List<Map<String, AttributeValue>> all(DynamoDbClient ddb, QueryRequest.Builder request) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = ddb.query(request.exclusiveStartKey(startKey).build());
            out.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return out;
    }
}

package dev.chatline.aws;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Puts and deletes for one table, built by that table's store and sent by {@link DynamoBatch#write(List)}. */
public record TableWrites(String table, List<WriteRequest> writes) {
    public TableWrites {
        writes = List.copyOf(writes);
    }
}

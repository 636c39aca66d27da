package dev.chatline.aws;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One write of a DynamoDB transaction (a conditional put, update, delete or condition check of one row), opaque to
 * everything but the stores: the store of the row's table builds it (the factories take SDK requests, so only the
 * stores can call them), services compose the writes of several stores into one list without naming an SDK type,
 * and a store runs the list ({@link #transact}, the only place that unwraps it). So a multi-table transaction (a
 * membership change with its system message, a message with its idempotency row) is composed in the domain and
 * written by a store.
 *
 * <p>Invariant: a list runs as exactly one {@code TransactWriteItems} call, its items in list order (the order its
 * cancellation reasons follow), all or nothing. Splitting a larger change into several transactions is the
 * caller's, within the item limit it is configured with (DynamoDB's 100 at most).
 */
public final class TransactionWrite {
    private final TransactWriteItem item;

    private TransactionWrite(TransactWriteItem item) {
        this.item = item;
    }

    public static TransactionWrite put(Put put) {
        return new TransactionWrite(TransactWriteItem.builder().put(put).build());
    }

    public static TransactionWrite update(Update update) {
        return new TransactionWrite(TransactWriteItem.builder().update(update).build());
    }

    public static TransactionWrite delete(Delete delete) {
        return new TransactionWrite(TransactWriteItem.builder().delete(delete).build());
    }

    /** A condition on a row that the transaction does not write. */
    public static TransactionWrite check(ConditionCheck check) {
        return new TransactionWrite(TransactWriteItem.builder().conditionCheck(check).build());
    }

    /**
     * Runs the writes as one transaction.
     *
     * @throws TransactionCanceledException if a condition failed or a concurrent transaction conflicted (nothing
     *         was written; its cancellation reasons are in the order of {@code writes})
     */
    public static void transact(DynamoDbClient ddb, List<TransactionWrite> writes) {
        List<TransactWriteItem> items = writes.stream().map(w -> w.item).toList();
        ddb.transactWriteItems(r -> r.transactItems(items));
    }
}

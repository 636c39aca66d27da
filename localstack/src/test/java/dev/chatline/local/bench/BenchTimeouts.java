package dev.chatline.local.bench;

import dev.chatline.local.LocalRuntime;
import dev.chatline.schema.Tables;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** How long the benchmarks wait for anything (moto is slow on a busy machine), and the waiting itself. */
final class BenchTimeouts {
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private BenchTimeouts() {
    }

    /**
     * Waits until at most {@code rows} connection rows are left, i.e. the {@code $disconnect} of every closed
     * client has run (it is asynchronous), so its calls do not count towards the next measurement.
     */
    static void awaitConnectionRowsAtMost(LocalRuntime runtime, int rows) {
        String table = runtime.awsClients().config().tableName(Tables.CONNECTIONS);
        try (DynamoDbClient ddb = runtime.awsClients().dynamoDb()) {
            org.awaitility.Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                    ddb.scan(r -> r.tableName(table).select(Select.COUNT)).count() <= rows);
        }
    }

    static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }
}

package dev.chatline.local.e2e;

import static org.awaitility.Awaitility.await;

import dev.chatline.aws.MessagingClients;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.messaging.MessageStore;
import dev.chatline.schema.Resources;
import dev.chatline.schema.Tables;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Looks behind the WebSocket at the runtime's tables and queue (moto), through the real SDK clients. */
final class Backend implements AutoCloseable {
    private final LocalRuntimeExtension runtime;
    private final DynamoDbClient ddb;
    private final SqsClient sqs;

    Backend(LocalRuntimeExtension runtime) {
        this.runtime = runtime;
        this.ddb = runtime.awsClients().dynamoDb();
        this.sqs = MessagingClients.sqs(runtime.awsClients());
    }

    ConnectionStore connections() {
        return new ConnectionStore(ddb, runtime.awsClients().config(), Clock.systemUTC());
    }

    /** Writes a connection row as {@code $connect} would, for a socket the gateway does not know. */
    void putConnection(String connectionId, String userId, String deviceId) {
        long nowSec = Clock.systemUTC().instant().getEpochSecond();
        connections().put(new ConnectionRecord(connectionId, userId, deviceId, nowSec * 1000, nowSec + 180));
    }

    /** The raw connections row (GetItem, strongly consistent), expired or not; empty map when absent. */
    Map<String, AttributeValue> connectionRow(String connectionId) {
        return ddb.getItem(r -> r.tableName(table(Tables.CONNECTIONS)).consistentRead(true)
                .key(Map.of(ConnectionStore.CONNECTION_ID, AttributeValue.fromS(connectionId)))).item();
    }

    /** Every item of the messages table for one chat (Query, strongly consistent). */
    List<Map<String, AttributeValue>> messageItems(String chatId) {
        return ddb.query(r -> r.tableName(table(Tables.MESSAGES)).consistentRead(true)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", MessageStore.CHAT_ID))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(chatId)))).items();
    }

    /** Waits until the fan-out queue holds no message, neither visible nor in flight. */
    void awaitFanoutIdle() {
        awaitFanoutIdle(Duration.ofSeconds(20));
    }

    /** Like {@link #awaitFanoutIdle()}, waiting up to {@code atMost}. */
    void awaitFanoutIdle(Duration atMost) {
        String url = runtime.runtime().resources().queue(Resources.FANOUT).url();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        });
    }

    private String table(dev.chatline.schema.TableDef def) {
        return runtime.awsClients().config().tableName(def);
    }

    @Override
    public void close() {
        ddb.close();
        sqs.close();
    }
}

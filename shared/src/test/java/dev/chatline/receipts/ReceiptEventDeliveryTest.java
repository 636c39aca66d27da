package dev.chatline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.testing.ConnectedMessagingTestBase;
import dev.chatline.testing.Interceptors;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The sender's receipt event goes first to the connection the message was sent from (recorded on the message's
 * receipt header), without looking the sender up; only when that connection is gone is the sender looked up.
 */
class ReceiptEventDeliveryTest extends ConnectedMessagingTestBase {
    private final AtomicInteger connectionQueries = new AtomicInteger();
    private MessagingFixture counted;

    @Override
    protected String environmentName() {
        return "receipt-events";
    }

    @Override
    protected int sendRatePermits() {
        return 1000;
    }

    @BeforeEach
    void countConnectionQueries() {
        endpoint.clear();
        if (counted == null) {
            String table = f.env.config.tableName(dev.chatline.schema.Tables.CONNECTIONS);
            counted = new MessagingFixture(f.env, new AwsClients(f.env.config, List.of(Interceptors.before(
                    QueryRequest.class, q -> {
                        if (table.equals(q.tableName())) {
                            connectionQueries.incrementAndGet();
                        }
                    }))), f.clock);
        }
        connectionQueries.set(0);
    }

    @AfterAll
    void closeCounted() {
        if (counted != null) {
            counted.close();
        }
    }

    private String sendFrom(Identity sender, String connectionId, String to) {
        return Json.read(ProtocolJson.encode(f.send.send(sender, connectionId, MessagingFixture.text(to, "hi"))))
                .get("messageId").asText();
    }

    private void receipt(Identity who, String chatId, String messageId) {
        counted.receiptService.apply(who, new Receipt(chatId, List.of(messageId), "delivered"));
    }

    @Test
    void theEventGoesToTheConnectionTheMessageWasSentFromWithoutALookup() {
        Identity alice = f.device("alice", "phone");
        Identity bob = f.device("bob", "phone");
        f.connect(alice, "c-alice");
        String id = sendFrom(alice, "c-alice", "bob");

        receipt(bob, "d:alice:bob", id);

        assertThat(endpoint.framesTo("c-alice")).singleElement().satisfies(frame -> {
            JsonNode event = Json.read(frame);
            assertThat(event.get("type").asText()).isEqualTo("receipt");
            assertThat(event.get("messageIds").get(0).asText()).isEqualTo(id);
        });
        assertThat(connectionQueries).as("no lookup of the sender's connections").hasValue(0);
    }

    @Test
    void whenThatConnectionIsGoneTheSenderIsLookedUp() {
        Identity carol = f.device("carol", "phone");
        Identity dave = f.device("dave", "phone");
        f.connect(carol, "c-carol-old");
        String id = sendFrom(carol, "c-carol-old", "dave");
        endpoint.answer("c-carol-old", 410);
        f.connect(carol, "c-carol-new"); // the app reconnected

        receipt(dave, "d:carol:dave", id);

        assertThat(endpoint.framesTo("c-carol-new")).singleElement().satisfies(frame ->
                assertThat(Json.read(frame).get("status").asText()).isEqualTo("delivered"));
        assertThat(connectionQueries).hasValue(1);
        assertThat(f.connections.get("c-carol-old")).as("the gone connection's row is deleted").isEmpty();
    }
}

package dev.chatline.local.e2e;

import static dev.chatline.local.e2e.ChatDevice.uniqueUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.chatline.local.CellRuntime;
import dev.chatline.local.auth.LocalTokenAuthority;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Tables;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real backend as two cells on one runtime ({@code --cells a,b}), each a complete deployment: users of a cell
 * talk within it through real WebSocket clients (message, delivered and read receipts), and what a cell stores stays
 * in its own tables. Across cells see {@link CrossCellE2eTest}.
 */
class TwoCellsE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = LocalRuntimeExtension.withCells("a", "b");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void usersOfEachCellTalkWithinTheirCell() throws Exception {
        for (String cell : List.of("a", "b")) {
            String alice = uniqueUser("alice");
            String bob = uniqueUser("bob");
            try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, cell, alice, "phone");
                 ChatDevice bobPhone = ChatDevice.connect(RUNTIME, cell, bob, "phone")) {
                String chatId = Frames.directChat(alice, bob);
                String messageId = alicePhone.send(bob, "aGVsbG8").messageId();
                assertThat(bobPhone.awaitMessage(messageId).path("from").path("userId").asText()).isEqualTo(alice);

                bobPhone.receipt(chatId, "delivered", List.of(messageId));
                assertThat(alicePhone.awaitReceipt("delivered").path("by").asText()).isEqualTo(bob);
                bobPhone.receipt(chatId, "read", List.of(messageId));
                assertThat(alicePhone.awaitReceipt("read").path("by").asText()).isEqualTo(bob);

                String reply = bobPhone.send(alice, "aGkgYmFjaw").messageId();
                assertThat(alicePhone.awaitMessage(reply).path("from").path("userId").asText()).isEqualTo(bob);
            }
        }
    }

    @Test
    void whatACellStoresStaysInItsOwnTables() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String chatId = Frames.directChat(alice, bob);
        try (ChatDevice alicePhone = ChatDevice.connect(RUNTIME, "a", alice, "phone");
             ChatDevice bobPhone = ChatDevice.connect(RUNTIME, "a", bob, "phone")) {
            bobPhone.awaitMessage(alicePhone.send(bob, "c3RheXMgaW4gYQ").messageId());
        }

        assertThat(items(RUNTIME.cell("a"), Tables.DEVICES, "userId", alice)).isNotEmpty();
        assertThat(items(RUNTIME.cell("a"), Tables.MESSAGES, "chatId", chatId)).hasSize(1);
        assertThat(items(RUNTIME.cell("b"), Tables.DEVICES, "userId", alice)).as("alice is unknown to cell b")
                .isEmpty();
        assertThat(items(RUNTIME.cell("b"), Tables.MESSAGES, "chatId", chatId)).isEmpty();
    }

    @Test
    void theDevTokenEndpointMintsATokenWithTheCellClaim() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(java.net.URI.create(RUNTIME.runtime()
                        .devUrl("token"))).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"carol\",\"deviceId\":\"phone\",\"cell\":\"b\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        SignedJWT token = SignedJWT.parse(Json.read(r.body()).path("token").asText());
        assertThat(token.getJWTClaimsSet().getStringClaim(LocalTokenAuthority.CELL_CLAIM)).isEqualTo("b");

        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(java.net.URI.create(RUNTIME.runtime()
                        .devUrl("token"))).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"carol\",\"deviceId\":\"phone\",\"cell\":\"B!\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    /** Every item of {@code table} in {@code cell} under partition key {@code key} = {@code value}. */
    private static List<Map<String, AttributeValue>> items(CellRuntime cell, dev.chatline.schema.TableDef table,
                                                          String key, String value) {
        try (var dynamo = cell.awsClients().dynamoDb()) {
            return dynamo.query(q -> q.tableName(cell.resources().tableName(table)).consistentRead(true)
                    .keyConditionExpression("#k = :v").expressionAttributeNames(Map.of("#k", key))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))).items();
        }
    }
}

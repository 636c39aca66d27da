package dev.chatline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.MessagingClients;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.testing.WsTestClient;
import dev.chatline.protocol.Json;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import dev.chatline.schema.Tables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Two cells side by side in one runtime ({@code --cells a,b}): each its own stage, queues, gateway and functions
 * with its own cell configuration; one directory table; discovery; Lambda's Invoke API for every cell's functions,
 * called with a real SDK {@link LambdaClient}.
 */
class TwoCellRuntimeTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension(LocalRuntimeExtension.defaults()
            .withFunctions(CellTestHandlers.catalog()).withCells(List.of("a", "b")));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LambdaClient lambda;

    @AfterAll
    static void closeLambdaClient() {
        if (lambda != null) {
            lambda.close();
        }
    }

    @Test
    void eachCellRoutesItsTrafficThroughItsOwnQueueAndConnections() throws Exception {
        for (String cell : List.of("a", "b")) {
            try (WsTestClient user = WsTestClient.connect(RUNTIME.cell(cell).websocketUrl(), "user-" + cell)) {
                user.send("{\"action\":\"enqueue\",\"text\":\"in-" + cell + "\"}");
                assertThat(user.awaitContaining("\"delivered\"", Duration.ofSeconds(15))).contains("in-" + cell);
            }
        }
        assertThat(RUNTIME.cell("a").websocketUrl().getPath()).isEqualTo("/e2e-a");
        assertThat(RUNTIME.cell("b").websocketUrl().getPath()).isEqualTo("/e2e-b");
        assertThat(RUNTIME.cell("a").websocketUrl().getPort()).isNotEqualTo(RUNTIME.cell("b").websocketUrl().getPort());
    }

    @Test
    void eachCellHasItsOwnResourcesAndTheDirectoryIsSharedAndProvisionedOnce() {
        CellRuntime a = RUNTIME.cell("a");
        CellRuntime b = RUNTIME.cell("b");
        assertThat(a.resources().tableName(Tables.MESSAGES)).isEqualTo("chatline-e2e-a-messages");
        assertThat(b.resources().tableName(Tables.MESSAGES)).isEqualTo("chatline-e2e-b-messages");
        assertThat(a.relayQueueUrl()).contains("chatline-e2e-a-relay").isNotEqualTo(b.relayQueueUrl());
        assertThat(a.resources().queue(Resources.FANOUT).url()).isNotEqualTo(b.resources().queue(Resources.FANOUT).url());
        assertThat(a.resources().tableName(CellResources.DIRECTORY)).isEqualTo("chatline-e2e-directory")
                .isEqualTo(b.resources().tableName(CellResources.DIRECTORY));
        try (var dynamo = a.awsClients().dynamoDb()) {
            List<String> tables = dynamo.listTablesPaginator().tableNames().stream().toList();
            assertThat(tables).filteredOn(t -> t.endsWith("-directory")).containsExactly("chatline-e2e-directory");
            assertThat(tables).contains("chatline-e2e-a-inbox", "chatline-e2e-b-inbox")
                    .doesNotContain("chatline-e2e-inbox");
        }
        assertThat(System.getProperty("CHATLINE_STAGE")).as("no stage is shared by the cells").isNull();
        assertThat(RUNTIME.runtime().describe())
                .contains("WebSocket:     " + b.websocketUrl() + "?token=<JWT> (cell b)", "Cell a (stage e2e-a):")
                .anyMatch(line -> line.contains("invoke") && line.endsWith(":function:chatline-e2e-b-whoami"));
    }

    @Test
    void eachCellsFunctionsSeeTheirOwnCellAndTheirPeers() {
        CellRuntime a = RUNTIME.cell("a");
        CellRuntime b = RUNTIME.cell("b");
        JsonNode fromA = Json.read(invoke(a.functionArn("whoami"), "{}").payload().asUtf8String());
        JsonNode fromB = Json.read(invoke("chatline-e2e-b-whoami", "{}").payload().asUtf8String());

        assertThat(fromA.path(CellResources.CELL_ENV).asText()).isEqualTo("a");
        assertThat(fromA.path("CHATLINE_STAGE").asText()).isEqualTo("e2e-a");
        assertThat(fromA.path(CellResources.PEERS_ENV).asText()).isEqualTo("b=" + b.relayQueueUrl());
        assertThat(fromA.path(CellResources.CALL_PEERS_ENV).asText()).isEqualTo("b=" + b.functionArn("cellCall"))
                .endsWith(":function:chatline-e2e-b-cellCall");
        assertThat(fromA.path(CellResources.DIRECTORY_TABLE_ENV).asText()).isEqualTo("chatline-e2e-directory");
        assertThat(fromA.path(CellResources.LAMBDA_ENDPOINT_ENV).asText()).isEqualTo(a.httpRoot().toString());
        assertThat(fromA.path("CHATLINE_CONNECTIONS_ENDPOINT").asText()).isEqualTo(a.connectionsEndpoint().toString());

        assertThat(fromB.path(CellResources.CELL_ENV).asText()).isEqualTo("b");
        assertThat(fromB.path("CHATLINE_STAGE").asText()).isEqualTo("e2e-b");
        assertThat(fromB.path(CellResources.PEERS_ENV).asText()).isEqualTo("a=" + a.relayQueueUrl());
        assertThat(fromB.path("CHATLINE_CONNECTIONS_ENDPOINT").asText()).isEqualTo(b.connectionsEndpoint().toString());
    }

    @Test
    void lambdaInvokeReturnsTheResultOfTheFunctionNamedByNameOrArnWithQualifier() {
        InvokeResponse byName = invoke("chatline-e2e-a-whoami", "{\"echo\":\"hello\"}");
        InvokeResponse byQualifiedArn = invoke(RUNTIME.cell("b").functionArn("whoami") + ":$LATEST",
                "{\"echo\":\"again\"}");

        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byName.functionError()).isNull();
        assertThat(Json.read(byName.payload().asUtf8String()).path("echo").asText()).isEqualTo("hello");
        assertThat(Json.read(byQualifiedArn.payload().asUtf8String()).path("echo").asText()).isEqualTo("again");
        assertThat(Json.read(byQualifiedArn.payload().asUtf8String()).path(CellResources.CELL_ENV).asText())
                .isEqualTo("b");
    }

    @Test
    void aFunctionErrorIsAnUnhandledFunctionErrorWithTheErrorPayload() {
        InvokeResponse failed = invoke("chatline-e2e-b-fails", "{}");

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.read(failed.payload().asUtf8String());
        assertThat(error.path("errorType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.path("errorMessage").asText()).isEqualTo("refused on purpose");
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke("chatline-e2e-c-whoami", "{}"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("chatline-e2e-c-whoami");
        assertThatThrownBy(() -> invoke("whoami", "{}")).as("the logical name is not a function name")
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aDryRunChecksTheFunctionAndAnAsynchronousInvocationIsRefused() {
        InvokeResponse dryRun = lambda().invoke(b -> b.functionName("chatline-e2e-a-fails")
                .invocationType(InvocationType.DRY_RUN));
        assertThat(dryRun.statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> lambda().invoke(b -> b.functionName("chatline-e2e-a-whoami")
                .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("RequestResponse");
    }

    @Test
    void aFunctionOfOneCellSendsToThePeersRelayQueueAndInvokesThePeersCellCall() {
        InvokeResponse called = invoke("chatline-e2e-a-callPeers", "{}");

        assertThat(called.functionError()).as(called.payload().asUtf8String()).isNull();
        assertThat(Json.read(called.payload().asUtf8String()).path("b").asText()).isEqualTo("b");
        try (var sqs = MessagingClients.sqs(RUNTIME.cell("b").awsClients())) {
            var received = sqs.receiveMessage(r -> r.queueUrl(RUNTIME.cell("b").relayQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(5)).messages();
            assertThat(received).extracting(m -> m.body()).contains("{\"from\":\"a\"}");
        }
    }

    @Test
    void withoutTheRelayGrantTheIamCheckRefusesTheSendToAPeer() {
        InvokeResponse refused = invoke("chatline-e2e-a-callPeersUngranted", "{}");

        assertThat(refused.functionError()).isEqualTo("Unhandled");
        assertThat(refused.payload().asUtf8String()).contains("is not granted sqs:SendMessage")
                .contains("chatline-e2e-b-relay");
    }

    @Test
    void discoveryAnswersEachCellsWebSocketUrlOnEveryCellsPort() throws Exception {
        for (CellRuntime asked : RUNTIME.runtime().cells()) {
            for (String cell : List.of("a", "b")) {
                HttpResponse<String> r = get(asked.httpRoot().resolve("/cells/" + cell));
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode body = Json.read(r.body());
                assertThat(body.path("cell").asText()).isEqualTo(cell);
                assertThat(body.path("url").asText()).isEqualTo(RUNTIME.cell(cell).websocketUrl().toString());
            }
        }
        assertThat(get(RUNTIME.cell("a").httpRoot().resolve("/cells/z")).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InvokeResponse invoke(String functionName, String payload) {
        return lambda().invoke(b -> b.functionName(functionName).payload(SdkBytes.fromUtf8String(payload)));
    }

    /** A real SDK client whose endpoint is the runtime (cell a's port serves every cell's functions). */
    private static synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = LambdaClient.builder().endpointOverride(RUNTIME.cell("a").httpRoot()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
        return lambda;
    }
}

package dev.chatline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(1);

    private LambdaHost host;

    @BeforeEach
    void resetLatch() {
        release = new CountDownLatch(1);
        RUNNING.set(0);
    }

    @AfterEach
    void closeHost() {
        release.countDown();
        if (host != null) {
            host.close();
        }
    }

    @Test
    void eventTypesRoundTripThroughTheLambdaEventSerializers() throws Exception {
        host = host(def("echo", EchoRouteHandler.class, Duration.ofSeconds(5)));
        String event = "{\"requestContext\":{\"routeKey\":\"sendMessage\",\"connectionId\":\"L0SM9cOFvHcCIhw=\","
                + "\"connectedAt\":1700000000000,\"authorizer\":{\"userId\":\"u1\"}},\"body\":\"hi\","
                + "\"isBase64Encoded\":false}";

        JsonNode result = JSON.readTree(host.invoke("echo", event));

        assertThat(result.get("statusCode").asInt()).isEqualTo(200);
        assertThat(result.get("body").asText()).isEqualTo("sendMessage|L0SM9cOFvHcCIhw=|u1|hi");
    }

    @Test
    void sampleMessageEventFromTheEventsFolderDeserializes() throws Exception {
        host = host(def("echo", EchoRouteHandler.class, Duration.ofSeconds(5)));
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("../events/ws-message-sendMessage.json"));

        JsonNode result = JSON.readTree(host.invoke("echo", sample));

        assertThat(result.get("body").asText()).startsWith("sendMessage|TXzPWdnOjoECGjA=|alice|{\"action\":\"sendMessage\"");
    }

    @Test
    void handlerIsInstantiatedOnceAndReusedByLaterInvocations() {
        host = host(def("counting", CountingHandler.class, Duration.ofSeconds(5)));
        int before = CONSTRUCTED.get();

        host.invoke("counting", "{}");
        host.invoke("counting", "{}");
        String third = host.invoke("counting", "{}");

        assertThat(CONSTRUCTED.get() - before).isEqualTo(1);
        assertThat(third).isEqualTo("3");
    }

    @Test
    void contextCarriesRequestIdPhysicalNameMemoryAndRemainingTime() throws Exception {
        host = new LambdaHost(List.of(def("ctx", ContextHandler.class, Duration.ofSeconds(7))),
                LambdaHostOptions.defaults("dev"));

        JsonNode first = JSON.readTree(host.invoke("ctx", "{}"));
        JsonNode second = JSON.readTree(host.invoke("ctx", "{}"));

        assertThat(first.get("functionName").asText()).isEqualTo("chatline-dev-ctx");
        assertThat(first.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:chatline-dev-ctx");
        assertThat(first.get("memory").asInt()).isEqualTo(256);
        assertThat(first.get("remaining").asInt()).isBetween(1, 7000);
        assertThat(first.get("requestId").asText()).matches("[0-9a-f-]{36}")
                .isNotEqualTo(second.get("requestId").asText());
        assertThat(first.get("version").asText()).isEqualTo("$LATEST");
        assertThat(first.get("logGroup").asText()).isEqualTo("/aws/lambda/chatline-dev-ctx");
    }

    @Test
    void handlerExceptionBecomesRuntimeErrorPayload() {
        host = host(def("failing", FailingHandler.class, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> host.invoke("failing", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.errorMessage()).isEqualTo("Unauthorized");
                    assertThat(e.stackTrace()).isNotEmpty();
                    assertThat(e.payload()).containsKeys("errorMessage", "errorType", "stackTrace");
                });
    }

    @Test
    void invocationPastTheTimeoutFailsAndTheNextInvocationStartsCold() {
        host = host(def("slow", BlockingHandler.class, Duration.ofMillis(300)));
        int before = CONSTRUCTED.get();

        assertThatThrownBy(() -> host.invoke("slow", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
                    assertThat(e.errorMessage()).isEqualTo("Task timed out after 0.30 seconds");
                });
        release.countDown();
        host.invoke("slow", "{}");

        assertThat(CONSTRUCTED.get() - before).isEqualTo(2);
    }

    @Test
    void invocationsOverTheConcurrencyLimitAreThrottled() {
        host = new LambdaHost(List.of(def("slow", BlockingHandler.class, Duration.ofSeconds(30))),
                LambdaHostOptions.defaults("dev").withConcurrencyLimit(2).withThrottleWait(Duration.ofMillis(100)));
        List<CompletableFuture<String>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(CompletableFuture.supplyAsync(() -> host.invoke("slow", "{}")));
        }
        await().until(() -> RUNNING.get() == 2);

        assertThatThrownBy(() -> host.invoke("slow", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("TooManyRequestsException"));
        release.countDown();
        assertThat(running).allSatisfy(f -> assertThat(f.join()).isEqualTo("\"done\""));
    }

    @Test
    void streamHandlerGetsTheRawEventBytes() {
        host = host(def("stream", UpperCaseStreamHandler.class, Duration.ofSeconds(5)));

        assertThat(host.invoke("stream", "{\"a\":\"b\"}")).isEqualTo("{\"A\":\"B\"}");
    }

    @Test
    void unknownFunctionIsResourceNotFound() {
        host = host(def("echo", EchoRouteHandler.class, Duration.ofSeconds(5)));

        assertThat(host.functionNames()).containsExactly("echo");
        assertThatThrownBy(() -> host.invoke("nope", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ResourceNotFoundException"));
    }

    private static LambdaHost host(FunctionDef def) {
        return new LambdaHost(List.of(def), LambdaHostOptions.defaults("test"));
    }

    private static FunctionDef def(String name, Class<?> handler, Duration timeout) {
        return new FunctionDef(name, handler.getName(), Artifact.CORE, 256, timeout, new Trigger.Route(name, true),
                List.of());
    }

    public static class EchoRouteHandler
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            var ctx = event.getRequestContext();
            response.setBody(ctx.getRouteKey() + "|" + ctx.getConnectionId() + "|" + ctx.getAuthorizer().get("userId")
                    + "|" + event.getBody());
            return response;
        }
    }

    public static class CountingHandler implements RequestHandler<Map<String, Object>, Integer> {
        private int calls;

        public CountingHandler() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public Integer handleRequest(Map<String, Object> event, Context context) {
            return ++calls;
        }
    }

    public static class ContextHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            context.getLogger().log("context handler called\n");
            return Map.of("functionName", context.getFunctionName(), "arn", context.getInvokedFunctionArn(),
                    "memory", context.getMemoryLimitInMB(), "remaining", context.getRemainingTimeInMillis(),
                    "requestId", context.getAwsRequestId(), "version", context.getFunctionVersion(),
                    "logGroup", context.getLogGroupName());
        }
    }

    public static class FailingHandler implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("Unauthorized");
        }
    }

    public static class BlockingHandler implements RequestHandler<Map<String, Object>, String> {
        public BlockingHandler() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            RUNNING.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }
    }

    public static class UpperCaseStreamHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write(new String(input.readAllBytes()).toUpperCase().getBytes());
        }
    }
}

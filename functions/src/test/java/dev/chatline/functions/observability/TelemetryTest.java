package dev.chatline.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.testing.WsEvents;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.observability.Metrics;
import dev.chatline.protocol.ClientMessage.History;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A flushed invocation writes the counts as CloudWatch EMF on stdout (surefire sets {@code AWS_EMF_ENVIRONMENT=Local}
 * so the EMF library writes there as it does in Lambda), and the Lambda log fields are bound for its duration.
 */
class TelemetryTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
        System.clearProperty(LambdaLogFields.TRACE_HEADER_PROPERTY);
    }

    @Test
    void aFlushedInvocationWritesOneEmfDocumentWithNamespaceDimensionsAndCounts() {
        EmfMetrics metrics = new EmfMetrics("Chatline", "sendMessage", "test");
        Telemetry telemetry = new Telemetry(Optional.of(metrics));
        metrics.flush(null); // the first flush of an instance is the cold start
        stdout.reset();

        telemetry.around(new FakeContext(), () -> {
            metrics.count(Metrics.MESSAGES_SENT);
            metrics.count(Metrics.MESSAGES_SENT);
            metrics.count(Metrics.DUPLICATE_SENDS, 3);
            return null;
        });

        JsonNode emf = single(emfDocuments());
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Chatline");
        assertThat(directive.get("Dimensions").get(0)).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("Service", "stage");
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText())
                .containsExactlyInAnyOrder(Metrics.MESSAGES_SENT, Metrics.DUPLICATE_SENDS);
        assertThat(directive.get("Metrics")).allSatisfy(m -> assertThat(m.get("Unit").asText()).isEqualTo("Count"));
        assertThat(emf.get("Service").asText()).isEqualTo("sendMessage");
        assertThat(emf.get("stage").asText()).isEqualTo("test");
        assertThat(emf.get(Metrics.MESSAGES_SENT).asDouble()).isEqualTo(2);
        assertThat(emf.get(Metrics.DUPLICATE_SENDS).asDouble()).isEqualTo(3);
    }

    @Test
    void theFirstInvocationAlsoCapturesTheColdStartMetric() {
        EmfMetrics metrics = new EmfMetrics("Chatline", "fanout", "test");

        metrics.flush(new FakeContext());
        metrics.flush(new FakeContext());

        JsonNode coldStart = single(emfDocuments());
        assertThat(coldStart.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Name").asText())
                .isEqualTo("ColdStart");
        assertThat(coldStart.get("Service").asText()).isEqualTo("fanout");
        assertThat(coldStart.get("function_request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void countsAreFlushedOncePerInvocationEvenWhenTheHandlerFails() {
        EmfMetrics metrics = new EmfMetrics("Chatline", "receipt", "test");
        Telemetry telemetry = new Telemetry(Optional.of(metrics));
        metrics.flush(null);
        stdout.reset();

        assertThatThrownBy(() -> telemetry.around(null, () -> {
            metrics.count(Metrics.RECEIPTS_APPLIED, 4);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        telemetry.around(null, () -> null); // nothing counted: no document

        assertThat(single(emfDocuments()).get(Metrics.RECEIPTS_APPLIED).asDouble()).isEqualTo(4);
    }

    @Test
    void aRouteFailureAnswersAnErrorFrameAndCountsAnInternalErrorForTheAlarm() {
        EmfMetrics metrics = new EmfMetrics("Chatline", "history", "test");
        metrics.flush(null);
        stdout.reset();
        RouteHandler<History> failing = new RouteHandler<>(History.class, new Telemetry(Optional.of(metrics)),
                RouteGuard.NONE) {
            @Override
            protected ServerFrame handle(WsRequest request, History message, String requestId) {
                throw new IllegalStateException("DynamoDB unavailable");
            }
        };

        String body = failing.handleRequest(WsEvents.message("c1=", "history",
                "{\"action\":\"history\",\"requestId\":\"h1\",\"chatId\":\"d:a:b\"}"), new FakeContext()).getBody();

        assertThat(Json.read(body).get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(Json.read(body).get("requestId").asText()).isEqualTo("h1");
        assertThat(single(emfDocuments()).get(Metrics.INTERNAL_ERRORS).asDouble()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsNoInternalError() {
        EmfMetrics metrics = new EmfMetrics("Chatline", "history", "test");
        metrics.flush(null);
        stdout.reset();
        RouteHandler<History> refusing = new RouteHandler<>(History.class, new Telemetry(Optional.of(metrics)),
                RouteGuard.NONE) {
            @Override
            protected ServerFrame handle(WsRequest request, History message, String requestId) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "no");
            }
        };

        refusing.handleRequest(WsEvents.message("c1=", "history", "{\"action\":\"history\",\"chatId\":\"d:a:b\"}"), new FakeContext());

        assertThat(emfDocuments()).isEmpty();
    }

    @Test
    void lambdaFieldsAreInTheLoggingContextDuringTheInvocationOnly() {
        System.setProperty(LambdaLogFields.TRACE_HEADER_PROPERTY,
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        Telemetry telemetry = new Telemetry(Optional.empty());

        Map<String, String> first = telemetry.around(new FakeContext(), MDC::getCopyOfContextMap);
        Map<String, String> second = telemetry.around(new FakeContext(), MDC::getCopyOfContextMap);

        assertThat(first).containsEntry("function_name", "chatline-test-sendMessage")
                .containsEntry("function_version", "7")
                .containsEntry("function_arn", "arn:aws:lambda:eu-west-1:123456789012:function:chatline-test-sendMessage:live")
                .containsEntry("function_memory_size", "1024")
                .containsEntry("cold_start", "true")
                .containsEntry("xray_trace_id", "1-5759e988-bd862e3fe1be46a994272793");
        assertThat(second).containsEntry("cold_start", "false");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        assertThat(stdout.size()).isZero();
    }

    @Test
    void metricsArePublishedOnlyInsideLambdaAndCanBeSwitchedOff() {
        assertThat(Telemetry.fromEnvironment(ChatConfig.of(Map.of())).metrics()).isSameAs(Metrics.NOOP);
        assertThat(Telemetry.fromEnvironment(ChatConfig.of(Map.of(Telemetry.LAMBDA_FUNCTION_NAME, "chatline-x-sync",
                Telemetry.METRICS_SWITCH, "off"))).metrics()).isSameAs(Metrics.NOOP);
        assertThat(Telemetry.fromEnvironment(ChatConfig.of(Map.of(Telemetry.LAMBDA_FUNCTION_NAME, "chatline-x-sync")))
                .metrics()).isInstanceOf(EmfMetrics.class);
    }

    private List<JsonNode> emfDocuments() {
        return stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                .map(Json::read).filter(n -> n.has("_aws")).toList();
    }

    private static JsonNode single(List<JsonNode> documents) {
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    /** The fields of a Lambda context that telemetry reads. */
    private static final class FakeContext implements Context {
        @Override public String getAwsRequestId() { return "req-1"; }
        @Override public String getLogGroupName() { return "/aws/lambda/chatline-test-sendMessage"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "chatline-test-sendMessage"; }
        @Override public String getFunctionVersion() { return "7"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:chatline-test-sendMessage:live";
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 10_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}

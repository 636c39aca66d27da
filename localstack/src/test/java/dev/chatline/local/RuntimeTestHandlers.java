package dev.chatline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.protocol.Json;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Handlers for the runtime's own tests, wired like {@code FunctionCatalog}: a WebSocket route enqueues to the
 * fan-out queue, the queue's consumer posts back through {@code @connections}, a topic subscriber records.
 */
final class RuntimeTestHandlers {
    static final ConcurrentLinkedQueue<SNSEvent.SNS> PUSHES = new ConcurrentLinkedQueue<>();

    private RuntimeTestHandlers() {
    }

    static List<FunctionDef> catalog() {
        return List.of(
                def("authorizer", AllowAuthorizer.class, new Trigger.Authorizer(List.of())),
                def("connect", ConnectOk.class, new Trigger.Route("$connect", false)),
                def("enqueue", Enqueue.class, new Trigger.Route("enqueue", true),
                        new Access.SendToQueue(Resources.FANOUT)),
                def("postBack", PostBack.class, new Trigger.Queue(Resources.FANOUT, 10, Duration.ZERO),
                        new Access.ManageConnections()),
                def("push", PushRecorder.class, new Trigger.Topic(Resources.PUSH_REQUESTS)),
                def("countRecords", CountRecords.class, new Trigger.Route("count", true)));
    }

    private static FunctionDef def(String name, Class<?> handler, Trigger trigger, Access... access) {
        return new FunctionDef(name, handler.getName(), Artifact.CORE, 256, Duration.ofSeconds(10), trigger,
                List.of(access));
    }

    /** Allows every token; the token is the user id. */
    public static class AllowAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent,
            IamPolicyResponseV1> {
        @Override
        public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
            String user = event.getQueryStringParameters().get("token");
            return IamPolicyResponseV1.builder().withPrincipalId(user)
                    .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                            .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                            .withStatement(List.of(IamPolicyResponseV1.allowStatement(event.getMethodArn())))
                            .build())
                    .withContext(Map.of("userId", user, "deviceId", "d1")).build();
        }
    }

    public static class ConnectOk implements RequestHandler<APIGatewayV2WebSocketEvent,
            APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketResponse r = new APIGatewayV2WebSocketResponse();
            r.setStatusCode(200);
            return r;
        }
    }

    /** Sends {connectionId, text} to the fan-out queue (group = connection) and acknowledges. */
    public static class Enqueue implements RequestHandler<APIGatewayV2WebSocketEvent,
            APIGatewayV2WebSocketResponse> {
        private final ChatConfig config = ChatConfig.fromEnvironment();
        private final SqsClient sqs = MessagingClients.sqs(new AwsClients(config));

        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            String connectionId = event.getRequestContext().getConnectionId();
            String text = Json.read(event.getBody()).path("text").asText();
            var job = Json.object().put("connectionId", connectionId).put("text", text);
            sqs.sendMessage(b -> b.queueUrl(config.queueUrl(Resources.FANOUT)).messageBody(Json.write(job))
                    .messageGroupId(connectionId).messageDeduplicationId(context.getAwsRequestId()));
            APIGatewayV2WebSocketResponse r = new APIGatewayV2WebSocketResponse();
            r.setStatusCode(200);
            r.setBody("{\"queued\":\"" + text + "\"}");
            return r;
        }
    }

    /** Fan-out consumer: posts "delivered:<text>" to the job's connection. */
    public static class PostBack implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final ApiGatewayManagementApiClient connections =
                MessagingClients.connections(new AwsClients(ChatConfig.fromEnvironment()));

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                JsonNode job = Json.read(m.getBody());
                connections.postToConnection(b -> b.connectionId(job.path("connectionId").asText())
                        .data(SdkBytes.fromUtf8String("{\"delivered\":\"" + job.path("text").asText() + "\"}")));
            }
            return new SQSBatchResponse(List.of());
        }
    }

    public static class PushRecorder implements RequestHandler<SNSEvent, Void> {
        @Override
        public Void handleRequest(SNSEvent event, Context context) {
            event.getRecords().forEach(r -> PUSHES.add(r.getSNS()));
            return null;
        }
    }

    /** Answers the number of records of an SQS event (for the invoke command). */
    public static class CountRecords implements RequestHandler<SQSEvent, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(SQSEvent event, Context context) {
            return Map.of("records", event.getRecords().size(),
                    "firstBody", event.getRecords().get(0).getBody());
        }
    }
}

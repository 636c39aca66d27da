package dev.chatline.local.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Small Lambda handlers and the test catalog wiring them, the way FunctionCatalog wires the real ones. */
final class TestHandlers {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Raw events received by the recording handlers, in arrival order. */
    static final ConcurrentLinkedQueue<JsonNode> RECORDED = new ConcurrentLinkedQueue<>();

    private TestHandlers() {
    }

    /** authorizer, $connect, $disconnect, $default, echo (two-way), oneway, fail, inspect. */
    static List<FunctionDef> catalog(boolean withDefault) {
        List<FunctionDef> defs = new ArrayList<>(List.of(
                new FunctionDef("authorizer", PolicyAuthorizer.class.getName(), Artifact.CORE, 512,
                        Duration.ofSeconds(5), new Trigger.Authorizer(List.of()), List.of()),
                route("connect", ConnectRecorder.class, "$connect", false),
                route("disconnect", RawRecorder.class, "$disconnect", false),
                route("echo", EchoHandler.class, "echo", true),
                route("oneway", EchoHandler.class, "oneway", false),
                route("fail", FailingHandler.class, "fail", true),
                route("inspect", RawRecorder.class, "inspect", true)));
        if (withDefault) {
            defs.add(route("default", EchoHandler.class, "$default", true));
        }
        return defs;
    }

    static Optional<JsonNode> recorded(String routeKey, String connectionId) {
        return RECORDED.stream().filter(e -> routeKey.equals(e.path("requestContext").path("routeKey").asText()))
                .filter(e -> connectionId == null
                        || connectionId.equals(e.path("requestContext").path("connectionId").asText()))
                .reduce((first, second) -> second);
    }

    private static FunctionDef route(String name, Class<?> handler, String routeKey, boolean response) {
        return new FunctionDef(name, handler.getName(), Artifact.CORE, 256, Duration.ofSeconds(5),
                new Trigger.Route(routeKey, response), List.of());
    }

    /** token=allow-&lt;user&gt; allows with context, deny denies, unauthorized fails "Unauthorized", else fails. */
    public static class PolicyAuthorizer implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
        @Override
        public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
            Map<String, String> query = event.getQueryStringParameters();
            String token = query == null ? null : query.get("token");
            if (token == null || token.equals("unauthorized")) {
                throw new IllegalArgumentException("Unauthorized");
            }
            if (token.startsWith("allow-")) {
                String user = token.substring("allow-".length());
                return policy(user, IamPolicyResponseV1.allowStatement(event.getMethodArn()),
                        Map.of("userId", user, "deviceId", "d1", "level", 3));
            }
            if (token.equals("deny")) {
                return policy("nobody", IamPolicyResponseV1.denyStatement(event.getMethodArn()), Map.of());
            }
            throw new IllegalStateException("authorizer crashed");
        }

        private static IamPolicyResponseV1 policy(String principal, IamPolicyResponseV1.Statement statement,
                                                  Map<String, Object> context) {
            return IamPolicyResponseV1.builder().withPrincipalId(principal)
                    .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                            .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                            .withStatement(List.of(statement)).build())
                    .withContext(context).build();
        }
    }

    /** $connect: records the raw event; query connectStatus=N answers N, connectStatus=throw fails. */
    public static class ConnectRecorder implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            JsonNode event = JSON.readTree(input);
            RECORDED.add(event);
            String status = event.path("queryStringParameters").path("connectStatus").asText("200");
            if (status.equals("throw")) {
                throw new IllegalStateException("connect crashed");
            }
            ObjectNode response = JSON.createObjectNode().put("statusCode", Integer.parseInt(status));
            String protocols = event.path("headers").path("Sec-WebSocket-Protocol").asText(null);
            if (protocols != null) {
                response.putObject("headers").put("Sec-WebSocket-Protocol", protocols.split(",")[0].trim());
            }
            output.write(JSON.writeValueAsBytes(response));
        }
    }

    /** Records the raw event and answers it back as the response body. */
    public static class RawRecorder implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            JsonNode event = JSON.readTree(input);
            RECORDED.add(event);
            output.write(JSON.writeValueAsBytes(Map.of("statusCode", 200, "body", event.toString())));
        }
    }

    /** Answers {@code <routeKey>|<body>|<authorizer userId>}. */
    public static class EchoHandler
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            APIGatewayV2WebSocketEvent.RequestContext ctx = event.getRequestContext();
            APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
            response.setStatusCode(200);
            response.setBody(ctx.getRouteKey() + "|" + event.getBody() + "|" + ctx.getAuthorizer().get("userId"));
            return response;
        }
    }

    public static class FailingHandler
            implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
        @Override
        public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
            throw new IllegalStateException("route crashed");
        }
    }
}

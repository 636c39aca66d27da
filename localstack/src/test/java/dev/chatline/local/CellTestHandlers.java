package dev.chatline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.protocol.Json;
import dev.chatline.schema.CellResources;
import dev.chatline.schema.Resources;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Functions invoked through Lambda's Invoke API in the runtime's cell tests: one answers (also as the cell's
 * {@code cellCall}, which peers invoke), one fails, and one makes the calls the cross-cell core makes: a relay job
 * onto each peer's relay queue and a synchronous invoke of each peer's {@code cellCall}.
 */
final class CellTestHandlers {
    static final List<String> CELL_VARIABLES = List.of(ChatConfig.STAGE, CellResources.CELL_ENV,
            CellResources.DIRECTORY_TABLE_ENV, CellResources.PEERS_ENV, CellResources.CALL_PEERS_ENV,
            CellResources.LAMBDA_ENDPOINT_ENV, ChatConfig.CONNECTIONS_ENDPOINT);

    private CellTestHandlers() {
    }

    /** {@link RuntimeTestHandlers#catalog()} and the two invoked functions {@code whoami} and {@code fails}. */
    static List<FunctionDef> catalog() {
        return Stream.concat(RuntimeTestHandlers.catalog().stream(), Stream.of(
                invoked("whoami", WhoAmI.class, new Access.ManageConnections()),
                invoked(CellRuntime.CELL_CALL_FUNCTION, WhoAmI.class), invoked("fails", Fails.class),
                invoked("callPeers", CallPeers.class, new Access.SendToQueue(Resources.RELAY)),
                invoked("callPeersUngranted", CallPeers.class))).toList();
    }

    private static FunctionDef invoked(String name, Class<?> handler, Access... access) {
        return new FunctionDef(name, handler.getName(), Artifact.CORE, 256, Duration.ofSeconds(10),
                new Trigger.Invoke(), List.of(access));
    }

    /** Answers the cell variables its configuration has (its {@code @connections} endpoint too: it may post), and echoes the event's {@code echo}. */
    public static class WhoAmI implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        private final ChatConfig config = ChatConfig.fromEnvironment();

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            Map<String, Object> answer = new TreeMap<>();
            CELL_VARIABLES.forEach(key -> config.get(key).ifPresent(value -> answer.put(key, value)));
            answer.put("echo", event.get("echo"));
            return answer;
        }
    }

    /** Always throws, as a handler whose business rule refuses the event. */
    public static class Fails implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            throw new IllegalStateException("refused on purpose");
        }
    }

    /**
     * Sends {@code {"from":<cell>}} to every peer's relay queue and invokes every peer's {@code cellCall} through the
     * Lambda endpoint of its configuration; answers {@code {"<peer>":"<the cell its cellCall says it is>"}}.
     */
    public static class CallPeers implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        private final ChatConfig config = ChatConfig.fromEnvironment();
        private final SqsClient sqs = MessagingClients.sqs(new AwsClients(config));
        private final LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(URI.create(config.require(CellResources.LAMBDA_ENDPOINT_ENV)))
                .region(Region.of(config.region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            String self = config.require(CellResources.CELL_ENV);
            peers(CellResources.PEERS_ENV).values().forEach(url -> sqs.sendMessage(b -> b.queueUrl(url)
                    .messageBody("{\"from\":\"" + self + "\"}").messageGroupId("test")
                    .messageDeduplicationId(context.getAwsRequestId())));
            Map<String, Object> answers = new TreeMap<>();
            peers(CellResources.CALL_PEERS_ENV).forEach((peer, arn) -> answers.put(peer, Json.read(lambda.invoke(
                    b -> b.functionName(arn)).payload().asUtf8String()).path(CellResources.CELL_ENV).asText()));
            return answers;
        }

        private Map<String, String> peers(String variable) {
            Map<String, String> peers = new TreeMap<>();
            for (String entry : config.require(variable).split(",")) {
                peers.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
            return peers;
        }
    }
}

package dev.chatline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.schema.CellResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Functions invoked through Lambda's Invoke API in the runtime's cell tests: one answers, one fails. */
final class CellTestHandlers {
    static final List<String> CELL_VARIABLES = List.of(ChatConfig.STAGE, CellResources.CELL_ENV,
            CellResources.DIRECTORY_TABLE_ENV, CellResources.PEERS_ENV, CellResources.CALL_PEERS_ENV,
            CellResources.LAMBDA_ENDPOINT_ENV, ChatConfig.CONNECTIONS_ENDPOINT);

    private CellTestHandlers() {
    }

    /** {@link RuntimeTestHandlers#catalog()} and the two invoked functions {@code whoami} and {@code fails}. */
    static List<FunctionDef> catalog() {
        return Stream.concat(RuntimeTestHandlers.catalog().stream(), Stream.of(
                invoked("whoami", WhoAmI.class, new Access.ManageConnections()), invoked("fails", Fails.class)))
                .toList();
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
}

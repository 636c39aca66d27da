package dev.chatline.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every sample in {@code events/} invokes its function on the runtime (as {@code run-local.sh invoke -e} does) and
 * gets a well-formed answer: a reply or error frame (never INTERNAL_ERROR), a policy, or a batch response.
 */
class SampleEventsE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @TestFactory
    Stream<DynamicTest> everySampleEventRunsItsFunction() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(eventsDir())) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(samples).extracting(p -> p.getFileName().toString())
                .contains("ws-connect.json", "sqs-fanout.json", "sns-push.json", "ws-message-receipt.json",
                        "ws-message-sync.json");
        return samples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            FunctionDef fn = functionFor(p.getFileName().toString());
            JsonNode result = Json.read(RUNTIME.runtime().lambdaHost().invoke(fn.name(), Files.readString(p)));
            assertAnswer(fn, result);
        }));
    }

    private static void assertAnswer(FunctionDef fn, JsonNode result) {
        if (fn.trigger() instanceof Trigger.Authorizer) {
            assertThat(result.path("policyDocument").path("Statement").isArray()).as("%s", result).isTrue();
        } else if (fn.trigger() instanceof Trigger.Queue) {
            assertThat(result.path("batchItemFailures").isArray()).as("%s", result).isTrue();
            assertThat(result.path("batchItemFailures")).isEmpty();
        } else if (fn.trigger() instanceof Trigger.Topic) {
            assertThat(result.isNull()).as("%s", result).isTrue(); // asynchronous: nothing to answer
        } else if (fn.trigger() instanceof Trigger.Route r && r.returnResponse()) {
            assertThat(result.path("statusCode").asInt()).isEqualTo(200);
            JsonNode frame = Json.read(result.path("body").asText());
            assertThat(frame.path("type").asText()).as("%s", frame).isNotBlank();
            if ("error".equals(frame.path("type").asText())) {
                assertThat(frame.path("code").asText()).isIn(Stream.of(ErrorCode.values())
                        .filter(c -> c != ErrorCode.INTERNAL_ERROR).map(Enum::name).toList());
            }
        } else {
            assertThat(result.path("statusCode").asInt()).as("%s", result).isEqualTo(200);
        }
    }

    /**
     * authorizer-request → authorizer, sqs-fanout → fanout, sns-push → push, ws-connect → $connect, ws-message-X →
     * route X.
     */
    private static FunctionDef functionFor(String file) {
        String name = file.substring(0, file.length() - ".json".length());
        if (name.startsWith("authorizer")) {
            return FunctionCatalog.AUTHORIZER;
        }
        if (name.startsWith("sqs-")) {
            return FunctionCatalog.FANOUT;
        }
        if (name.startsWith("sns-")) {
            return FunctionCatalog.PUSH;
        }
        String route = name.startsWith("ws-message-") ? name.substring("ws-message-".length())
                : "$" + name.substring("ws-".length());
        String routeKey = "default".equals(route) ? "$default" : route;
        return FunctionCatalog.ALL.stream()
                .filter(f -> f.trigger() instanceof Trigger.Route r && r.routeKey().equals(routeKey))
                .findFirst().orElseThrow(() -> new AssertionError("no function for sample " + file));
    }

    private static Path eventsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("events").resolve("ws-connect.json"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
    }
}

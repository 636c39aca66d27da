package dev.chatline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.chatline.config.ChatConfig;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.functions.catalog.Access;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.lambda.FunctionInitException;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up constructs every handler as SnapStart does at publish, each with the resource keys the stack gives its
 * function only: a constructor needing another function's resource fails start-up, naming the function.
 */
@ExtendWith(MotoExtension.class)
class StartUpPublishTest {

    @Test
    void aHandlerNeedingATopicItsFunctionIsNotGivenFailsStartUpNamingTheFunction(MotoServer moto) {
        assertThatThrownBy(() -> start(moto, def("announcer")).close())
                .isInstanceOfSatisfying(FunctionInitException.class,
                        e -> assertThat(e.functionName()).isEqualTo("announcer"))
                .hasMessageContaining("function announcer cannot be published")
                .hasMessageContaining("missing configuration CHATLINE_PUSH_TOPIC_ARN");
    }

    @Test
    void theSameHandlerStartsWhenItsFunctionIsGivenTheTopic(MotoServer moto) {
        try (LocalRuntime runtime = start(moto, def("announcer", new Access.PublishToTopic(Resources.PUSH_REQUESTS)))) {
            assertThat(runtime.lambdaHost().invoke("announcer", "{}")).startsWith("\"arn:aws:sns:");
        }
    }

    @Test
    void eachFunctionIsGivenItsOwnResourceKeysAndEverySetting() {
        System.setProperty(ChatConfig.PUSH_WINDOW_SECONDS, "5");
        try {
            Map<String, String> receipt = FunctionEnvironments.of(FunctionCatalog.RECEIPT);
            Map<String, String> authorizer = FunctionEnvironments.of(FunctionCatalog.AUTHORIZER);

            assertThat(receipt).containsEntry(ChatConfig.PUSH_WINDOW_SECONDS, "5")
                    .doesNotContainKeys(ChatConfig.JWKS_URL, Resources.PUSH_REQUESTS.arnEnvVar());
            assertThat(authorizer).containsEntry(ChatConfig.PUSH_WINDOW_SECONDS, "5")
                    .doesNotContainKeys(ChatConfig.CONNECTIONS_ENDPOINT, Resources.FANOUT.urlEnvVar());
        } finally {
            System.clearProperty(ChatConfig.PUSH_WINDOW_SECONDS);
        }
    }

    private static LocalRuntime start(MotoServer moto, FunctionDef function) {
        return LocalRuntime.start(RuntimeOptions.defaults().withStage("startup").withPort(0)
                .withFunctions(List.of(function)), AwsBackend.endpoint(moto.endpoint()));
    }

    private static FunctionDef def(String name, Access... access) {
        return new FunctionDef(name, TopicReader.class.getName(), Artifact.CORE, 256, Duration.ofSeconds(5),
                new Trigger.Route(name, true), List.of(access));
    }

    /** Reads the push topic in its constructor, as a wiring that publishes would. */
    public static class TopicReader implements RequestHandler<Map<String, Object>, String> {
        private final String topicArn = ChatConfig.fromEnvironment().topicArn(Resources.PUSH_REQUESTS);

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return topicArn;
        }
    }
}

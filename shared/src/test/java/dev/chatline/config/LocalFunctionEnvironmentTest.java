package dev.chatline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocalFunctionEnvironmentTest {
    private static final String KEY = "CHATLINE_TEST_LOCAL_ENVIRONMENT";

    @Test
    void configCreatedInsideTheCallSeesExactlyTheBoundVariables() throws Exception {
        System.setProperty(KEY, "shared");
        try {
            ChatConfig config = LocalFunctionEnvironment.call(Map.of(ChatConfig.STAGE, "prod"),
                    ChatConfig::fromEnvironment);

            assertThat(config.stage()).isEqualTo("prod");
            assertThat(config.get(KEY)).as("system properties are not the function's environment").isEmpty();
        } finally {
            System.clearProperty(KEY);
        }
    }

    @Test
    void theConfigKeepsItsVariablesOnOtherThreadsAndAfterTheCall() throws Exception {
        ChatConfig config = LocalFunctionEnvironment.call(Map.of(ChatConfig.STAGE, "prod"),
                ChatConfig::fromEnvironment);

        assertThat(CompletableFuture.supplyAsync(config::stage).join()).isEqualTo("prod");
        assertThat(config.stage()).isEqualTo("prod");
    }

    @Test
    void nothingIsBoundOutsideTheCallOrOnOtherThreads() throws Exception {
        System.setProperty(KEY, "shared");
        try {
            String elsewhere = LocalFunctionEnvironment.call(Map.of(), () -> CompletableFuture
                    .supplyAsync(() -> ChatConfig.fromEnvironment().get(KEY).orElse(null)).join());

            assertThat(elsewhere).isEqualTo("shared");
            assertThat(ChatConfig.fromEnvironment().get(KEY)).contains("shared");
        } finally {
            System.clearProperty(KEY);
        }
    }

    @Test
    void nestedCallsRestoreTheOuterEnvironment() throws Exception {
        String outer = LocalFunctionEnvironment.call(Map.of(ChatConfig.STAGE, "outer"), () -> {
            LocalFunctionEnvironment.call(Map.of(ChatConfig.STAGE, "inner"), () -> null);
            return ChatConfig.fromEnvironment().stage();
        });

        assertThat(outer).isEqualTo("outer");
    }

    @Test
    void refusesToBindInsideLambda() {
        assertThatThrownBy(() -> LocalFunctionEnvironment.refuseInsideLambda(
                key -> LocalFunctionEnvironment.INSIDE_LAMBDA.equals(key) ? "chatline-prod-push" : null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside Lambda");
        LocalFunctionEnvironment.refuseInsideLambda(key -> null);
    }
}

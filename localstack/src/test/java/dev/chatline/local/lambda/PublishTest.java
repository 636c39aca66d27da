package dev.chatline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Publishing constructs every handler up front, with the function's own environment, as SnapStart does. */
class PublishTest {
    private static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    private LambdaHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void publishConstructsEachHandlerOnceAndTheFirstInvocationUsesThatInstance() {
        host = new LambdaHost(List.of(def("counting", Counting.class)), LambdaHostOptions.defaults("test"));
        int before = CONSTRUCTED.get();

        host.publishAll();
        assertThat(CONSTRUCTED.get() - before).isEqualTo(1);
        host.invoke("counting", "{}");

        assertThat(CONSTRUCTED.get() - before).isEqualTo(1);
    }

    @Test
    void aConstructorThatThrowsFailsPublishingNamingTheFunctionAndTheCause() {
        host = new LambdaHost(List.of(def("counting", Counting.class), def("secretReader", ThrowingConstructor.class)),
                LambdaHostOptions.defaults("test"));

        assertThatThrownBy(host::publishAll)
                .isInstanceOfSatisfying(FunctionInitException.class,
                        e -> assertThat(e.functionName()).isEqualTo("secretReader"))
                .hasMessageContaining("function secretReader cannot be published")
                .hasMessageContaining("IllegalStateException: the secret holds a placeholder")
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFunctionWithItsOwnEnvironmentIsConstructedAndInvokedSeeingExactlyIt() {
        System.setProperty(ChatConfig.JWT_ISSUER, "shared-by-every-function");
        try {
            host = new LambdaHost(List.of(def("own", ConfigReader.class), def("shared", ConfigReader.class)),
                    LambdaHostOptions.defaults("test"), def -> def.name().equals("own")
                            ? new FunctionSetup(Optional.of(Map.of(ChatConfig.STAGE, "prod")), Optional.empty())
                            : FunctionSetup.SHARED);
            host.publishAll();

            assertThat(host.invoke("own", "{}")).isEqualTo("\"prod|none|prod|none\"");
            assertThat(host.invoke("shared", "{}"))
                    .matches("\"[^|]+\\|shared-by-every-function\\|[^|]+\\|shared-by-every-function\"");
        } finally {
            System.clearProperty(ChatConfig.JWT_ISSUER);
        }
    }

    private static FunctionDef def(String name, Class<?> handler) {
        return new FunctionDef(name, handler.getName(), Artifact.CORE, 256, Duration.ofSeconds(5), new Trigger.Route(name, true),
                List.of());
    }

    public static class Counting implements RequestHandler<Map<String, Object>, String> {
        public Counting() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return "ok";
        }
    }

    /** What a handler reading a secret that still holds the stack's placeholder does in its constructor. */
    public static class ThrowingConstructor implements RequestHandler<Map<String, Object>, String> {
        public ThrowingConstructor() {
            throw new IllegalStateException("the secret holds a placeholder");
        }

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return "never";
        }
    }

    /** The stage and issuer its constructor saw, then those seen during the invocation. */
    public static class ConfigReader implements RequestHandler<Map<String, Object>, String> {
        private final String atConstruction = describe(ChatConfig.fromEnvironment());

        @Override
        public String handleRequest(Map<String, Object> event, Context context) {
            return atConstruction + "|" + describe(ChatConfig.fromEnvironment());
        }

        private static String describe(ChatConfig config) {
            return config.stage() + "|" + config.get(ChatConfig.JWT_ISSUER).orElse("none");
        }
    }
}

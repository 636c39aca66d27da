package dev.chatline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.local.lambda.LambdaInvocationException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(MotoExtension.class)
class LocalRuntimeLifecycleTest {
    private static final Path SAMPLE = Path.of("src/test/resources/events/sqs-sample.json");

    @Test
    void invokeRunsOneFunctionOnASampleEvent(MotoServer moto) throws Exception {
        String result = LocalRuntime.invokeOnce(options(), AwsBackend.endpoint(moto.endpoint()), "countRecords",
                Files.readString(SAMPLE));
        assertThat(result).contains("\"records\":1").contains("hello");
    }

    @Test
    void invokeOfAFailingFunctionThrowsTheLambdaError(MotoServer moto) {
        try {
            LocalRuntime.invokeOnce(options(), AwsBackend.endpoint(moto.endpoint()), "nope", "{}");
            throw new AssertionError("expected a failure");
        } catch (LambdaInvocationException e) {
            assertThat(e.errorType()).isEqualTo(LambdaInvocationException.UNKNOWN_FUNCTION);
        }
    }

    @Test
    void invokeCommandExitsNonZeroOnFunctionErrorAndStopsItsEmulator() {
        Set<Long> before = children();
        PrintStream out = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
            exit = new CommandLine(new ChatlineLocal()).execute("invoke", "noSuchFunction", "-e", SAMPLE.toString(),
                    "--stage", "clitest");
        } finally {
            System.setOut(out);
        }
        assertThat(exit).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> children().equals(before));
    }

    @Test
    void runtimeStartAndStopLeaveNoEmulatorProcess() {
        Set<Long> before = children();
        LocalRuntime runtime = LocalRuntime.start(options().withStage("lifecycle"), AwsBackend.embedded());
        try {
            assertThat(children()).hasSizeGreaterThan(before.size());
            assertThat(runtime.websocketUrl().toString()).startsWith("ws://127.0.0.1:").endsWith("/lifecycle");
        } finally {
            runtime.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> children().equals(before));
        assertThat(System.getProperty("CHATLINE_STAGE")).isNull();
    }

    private static RuntimeOptions options() {
        return RuntimeOptions.defaults().withStage("invoke").withPort(0).withFunctions(RuntimeTestHandlers.catalog());
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}

package dev.chatline.local;

import dev.chatline.config.ChatConfig;
import dev.chatline.local.lambda.LambdaInvocationException;
import dev.chatline.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of the local runtime ({@code scripts/run-local.sh} runs it):
 * {@code run} (default) starts the whole backend until Ctrl-C; {@code invoke <function> -e <event.json>} invokes
 * one function once, like {@code sam local invoke -e}. {@code CHATLINE_AWS_ENDPOINT} selects the AWS backend:
 * unset = embedded moto, a URL = that endpoint (LocalStack), {@code aws} (or {@code --aws}) = real AWS.
 */
@Command(name = "chatline-local", mixinStandardHelpOptions = true,
        description = "Runs the Chatline backend locally.",
        subcommands = {ChatlineLocal.Run.class, ChatlineLocal.Invoke.class})
public final class ChatlineLocal implements Callable<Integer> {

    @CommandLine.Mixin
    private Common common = new Common();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatlineLocal()).execute(args));
    }

    /** Without a subcommand: {@code run}. */
    @Override
    public Integer call() throws Exception {
        Run run = new Run();
        run.common = common;
        return run.call();
    }

    /** Options shared by both commands. */
    static final class Common {
        @Option(names = "--stage", defaultValue = "local", description = "Stage name (default: ${DEFAULT-VALUE}).")
        String stage;

        @Option(names = "--port", defaultValue = "8080", description = "WebSocket/@connections port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--region", defaultValue = "us-east-1", description = "AWS region (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--aws", description = "Use real AWS (default credentials), whatever CHATLINE_AWS_ENDPOINT says.")
        boolean aws;

        @Option(names = "--queue-visibility-timeout", description = "Override the queues' visibility timeout in seconds (faster redelivery while developing).")
        Integer visibilityTimeoutSeconds;

        @Option(names = "--iam-check", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Each function may only make the AWS calls its FunctionCatalog access list grants, as "
                        + "its role allows on AWS (default: on; --no-iam-check turns it off).")
        boolean iamCheck;

        @Option(names = "--fanout-shards", defaultValue = "1", description = "Shards of the fan-out queue, each its "
                + "own queue and event source mapping; a chat stays on one (default: ${DEFAULT-VALUE}).")
        int fanoutShards;

        @Option(names = "--cells", split = ",", description = "Run these cells side by side, e.g. a,b: each its own "
                + "stage <stage>-<cell>, resources, functions and gateway (cell i on port + i); default: one "
                + "deployment without cells.")
        List<String> cells = List.of();

        RuntimeOptions options() {
            RuntimeOptions o = RuntimeOptions.defaults().withStage(stage).withPort(port).withRegion(region)
                    .withIamCheck(iamCheck).withFanoutShards(fanoutShards).withCells(cells);
            return visibilityTimeoutSeconds == null ? o
                    : o.withQueueVisibilityTimeout(Duration.ofSeconds(visibilityTimeoutSeconds));
        }

        AwsBackend backend() {
            return AwsBackend.select(ChatConfig.fromEnvironment().get(ChatConfig.AWS_ENDPOINT).orElse(null), aws);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the local backend (Ctrl-C stops it).")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Override
        public Integer call() throws InterruptedException {
            LocalRuntime runtime = LocalRuntime.start(common.options(), common.backend());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "chatline-local-shutdown"));
            runtime.describe().forEach(System.out::println);
            System.out.println("Press Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "invoke", mixinStandardHelpOptions = true,
            description = "Invoke one function with an event file and print its result (exit 1 on function error).")
    static final class Invoke implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(index = "0", description = "Function name from the catalog, e.g. fanout.")
        String function;

        @Option(names = {"-e", "--event"}, required = true, description = "JSON event file, e.g. events/fanout.json.")
        Path event;

        @Override
        public Integer call() throws Exception {
            String eventJson = Files.readString(event);
            try {
                String result = LocalRuntime.invokeOnce(common.options(), common.backend(), function, eventJson);
                System.out.println(result);
                return 0;
            } catch (LambdaInvocationException e) {
                System.out.println(Json.write(e.payload()));
                return 1;
            }
        }
    }
}

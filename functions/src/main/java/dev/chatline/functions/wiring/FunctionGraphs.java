package dev.chatline.functions.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Backoff;
import dev.chatline.aws.MessagingClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.DevicesGraph;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.KeysGraph;
import dev.chatline.wiring.MediaGraph;
import dev.chatline.wiring.MessagingGraph;
import java.time.Clock;

/**
 * The object graphs of a Lambda function, built once per cold start from its environment: the shared graphs of
 * {@code dev.chatline.wiring} (the same ones tests build) on the function's AWS clients, the system clock, this
 * process's metrics and real sleeps, with the SnapStart priming of those clients registered. A handler's no-arg
 * constructor calls exactly one of these.
 */
public final class FunctionGraphs {
    private FunctionGraphs() {
    }

    /** The base of every graph of this process: these clients, the system clock, the process's metrics. */
    public static GraphBase base(AwsClients aws) {
        return new GraphBase(aws, Clock.systemUTC(), Telemetry.process().metrics(), Backoff.Sleeper.THREAD);
    }

    public static MessagingGraph messaging() {
        return new MessagingGraph(base(primedMessaging("messaging")));
    }

    public static ConnectionGraph connections() {
        return new ConnectionGraph(base(primedMessaging("connections")));
    }

    public static KeysGraph keys() {
        return new KeysGraph(base(primedMessaging("keys")));
    }

    public static DevicesGraph devices() {
        return new DevicesGraph(base(primedMessaging("devices")));
    }

    public static MediaGraph media() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("media", SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> S3Clients.primePresigner(aws));
        return new MediaGraph(base(aws));
    }

    /**
     * The fan-out consumer's two graphs on one set of clients: the messaging graph delivers jobs, the connection
     * graph tells presence changes.
     */
    public record Fanout(MessagingGraph messaging, ConnectionGraph connections) {
    }

    public static Fanout fanout() {
        GraphBase base = base(primedMessaging("fanout"));
        return new Fanout(new MessagingGraph(base), new ConnectionGraph(base));
    }

    /** This function's clients, with DynamoDB, SQS, SNS and {@code @connections} primed before a snapshot. */
    private static AwsClients primedMessaging(String name) {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register(name, SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> MessagingClients.prime(aws));
        return aws;
    }
}

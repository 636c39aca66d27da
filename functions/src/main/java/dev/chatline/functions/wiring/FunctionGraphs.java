package dev.chatline.functions.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.DevicesGraph;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.KeysGraph;
import dev.chatline.wiring.MessagingGraph;

/**
 * The object graphs of the functions of the {@code core} artifact, built once per cold start from the environment:
 * the shared graphs of {@code dev.chatline.wiring} (the same ones tests build) on a {@link LambdaGraphBase}, with the
 * SnapStart priming of their clients registered. A handler's no-arg constructor calls exactly one of these (media:
 * {@link MediaGraphs}; push: {@code PushWiring}).
 */
public final class FunctionGraphs {
    private FunctionGraphs() {
    }

    public static MessagingGraph messaging() {
        return new MessagingGraph(LambdaGraphBase.of(primedMessaging("messaging")));
    }

    public static ConnectionGraph connections() {
        return new ConnectionGraph(LambdaGraphBase.of(primedMessaging("connections")));
    }

    public static KeysGraph keys() {
        return new KeysGraph(LambdaGraphBase.of(primedMessaging("keys")));
    }

    public static DevicesGraph devices() {
        return new DevicesGraph(LambdaGraphBase.of(primedMessaging("devices")));
    }

    /**
     * The fan-out consumer's two graphs on one set of clients: the messaging graph delivers jobs, the connection
     * graph tells presence changes.
     */
    public record Fanout(MessagingGraph messaging, ConnectionGraph connections) {
    }

    public static Fanout fanout() {
        GraphBase base = LambdaGraphBase.of(primedMessaging("fanout"));
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

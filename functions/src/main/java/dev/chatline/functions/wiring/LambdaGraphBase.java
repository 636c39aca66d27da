package dev.chatline.functions.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Backoff;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.wiring.GraphBase;
import java.time.Clock;

/**
 * The {@link GraphBase} of a Lambda function: its clients, the system clock, this process's metrics and real sleeps.
 * A class of its own so that a function whose artifact holds only some of the SDK's clients (push, media) builds its
 * graph without referring to the other graphs' classes ({@code FunctionArtifactsTest} checks what each handler can
 * reach).
 */
public final class LambdaGraphBase {
    private LambdaGraphBase() {
    }

    public static GraphBase of(AwsClients aws) {
        return new GraphBase(aws, Clock.systemUTC(), Telemetry.process().metrics(), Backoff.Sleeper.THREAD);
    }
}

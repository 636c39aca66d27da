package dev.chatline.functions.wiring;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.S3Clients;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.wiring.MediaGraph;

/** The media functions' graph (their artifact holds S3, CloudFront signing and Secrets Manager, not SQS or SNS). */
public final class MediaGraphs {
    private MediaGraphs() {
    }

    public static MediaGraph media() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("media", SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> S3Clients.primePresigner(aws));
        return new MediaGraph(LambdaGraphBase.of(aws));
    }
}

package dev.chatline.functions.push;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.chatline.aws.AwsClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceStore;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.observability.Metrics;
import dev.chatline.push.PushSender;
import dev.chatline.push.PushService;
import dev.chatline.push.PushSettings;
import dev.chatline.push.PushTokenStore;
import dev.chatline.push.PushWindowStore;
import java.time.Clock;
import org.joda.time.DateTime;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the push service of one function instance (cold start), with Firebase Admin as its sender. */
public final class PushWiring {
    private PushWiring() {
    }

    public static PushService fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("push", SnapStartPriming.FRAMES, aws::primeDynamoDb, PushWiring::primeSnsEvent,
                FirebasePushSender::prime);
        return pushService(aws, FirebasePushSender.create(aws), Clock.systemUTC(), Telemetry.process().metrics());
    }

    /** The Lambda runtime parses an SNS record's timestamp with Joda-Time (SNSEvent): load that code. */
    private static void primeSnsEvent() {
        new SNSEvent.SNS().withTimestamp(DateTime.parse("2024-11-26T10:15:42.300Z")).getTimestamp().toString();
    }

    public static PushService pushService(AwsClients aws, PushSender sender, Clock clock, Metrics metrics) {
        ChatConfig config = aws.config();
        DynamoDbClient ddb = aws.dynamoDb();
        return new PushService(new PushTokenStore(ddb, config), new PushWindowStore(ddb, config),
                new DeviceStore(ddb, config, clock), sender, PushSettings.from(config), clock,
                PushService.Backoff.SLEEP, metrics);
    }
}

package dev.chatline.functions.push;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Secrets;
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
import java.util.Optional;
import org.joda.time.DateTime;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Builds the push service of one function instance (cold start), with Firebase Admin as its sender. */
public final class PushWiring {
    private PushWiring() {
    }

    /** Reads no secret: safe while SnapStart publishes a version (see {@link RefreshingFirebaseSender}). */
    public static PushService fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("push", SnapStartPriming.FRAMES, aws::primeDynamoDb, PushWiring::primeSnsEvent,
                FirebasePushSender::prime);
        return pushService(aws, sender(aws, Clock.systemUTC()), Clock.systemUTC(), Telemetry.process().metrics());
    }

    /**
     * The sender for the configuration: the key in the Firebase secret when {@value ChatConfig#FIREBASE_SECRET_ARN}
     * is set (on AWS); else the local FCM endpoint's fixed token ({@value ChatConfig#FCM_ENDPOINT}); else none
     * (push off).
     */
    public static PushSender sender(AwsClients aws, Clock clock) {
        ChatConfig config = aws.config();
        Optional<String> secretArn = config.get(ChatConfig.FIREBASE_SECRET_ARN);
        if (secretArn.isPresent()) {
            return new RefreshingFirebaseSender(() -> {
                GetSecretValueResponse r = Secrets.value(aws, secretArn.get());
                return new RefreshingFirebaseSender.SecretValue(r.versionId(), r.secretString());
            }, credentials -> FirebaseApps.withCredentials(config, credentials), clock);
        }
        if (config.get(ChatConfig.FCM_ENDPOINT).isPresent()) {
            return new FirebasePushSender(FirebaseMessaging.getInstance(FirebaseApps.local(config)));
        }
        return PushSender.OFF;
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

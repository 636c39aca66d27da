package dev.chatline.functions.push;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.google.firebase.messaging.FirebaseMessaging;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.Secrets;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.wiring.LambdaGraphBase;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.push.PushSender;
import dev.chatline.push.PushService;
import dev.chatline.wiring.PushGraph;
import java.time.Clock;
import java.util.Optional;
import org.joda.time.DateTime;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** The push function's {@link PushGraph} (cold start), with Firebase Admin as its sender. */
public final class PushWiring {
    private PushWiring() {
    }

    /** Reads no secret: safe while SnapStart publishes a version (see {@link RefreshingFirebaseSender}). */
    public static PushService fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("push", SnapStartPriming.FRAMES, aws::primeDynamoDb, PushWiring::primeSnsEvent,
                FirebasePushSender::prime);
        return new PushGraph(LambdaGraphBase.of(aws)).pushService(sender(aws, Clock.systemUTC()));
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
}

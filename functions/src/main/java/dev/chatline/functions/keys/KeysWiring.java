package dev.chatline.functions.keys;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.Contacts;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.IdentityChangeNotifier;
import dev.chatline.keys.KeysService;
import dev.chatline.keys.KeysSettings;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.observability.Metrics;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.devices.LinkedDeviceGuard;
import dev.chatline.ratelimit.RouteLimits;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the key service and the route limits of a keys function once per cold start, on one DynamoDB client. */
public final class KeysWiring {
    private final AwsClients aws;
    private final ChatConfig config;
    private final DynamoDbClient ddb;
    private final Clock clock;
    private final Metrics metrics;

    public KeysWiring(AwsClients aws, Clock clock) {
        this.aws = aws;
        this.config = aws.config();
        this.ddb = aws.dynamoDb();
        this.clock = clock;
        this.metrics = Telemetry.process().metrics();
    }

    public static KeysWiring fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("keys", SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> MessagingClients.prime(aws));
        return new KeysWiring(aws, Clock.systemUTC());
    }

    /**
     * Tells contacts and co-members about a key or device list change, reading their devices 16 at a time (one
     * pool per cold start).
     */
    public IdentityChangeNotifier notifier() {
        BoundedParallel parallel = new BoundedParallel(16, "announce");
        return new IdentityChangeNotifier(Contacts.sharedChats(new ContactStore(ddb, new DynamoBatch(ddb), config),
                new GroupMemberStore(ddb, config), parallel), new DeviceStore(ddb, config, clock),
                new FanoutQueue(MessagingClients.sqs(aws), config), parallel);
    }

    public KeysService keysService() {
        DynamoBatch batch = new DynamoBatch(ddb);
        IdentityChangeNotifier notifier = notifier();
        return new KeysService(new DeviceKeysStore(ddb, config), new DeviceStore(ddb, config, clock),
                new SingleUseEcPreKeyStore(ddb, batch, config),
                new SingleUseKemPreKeyStore(ddb, batch, config), notifier,
                new RateLimiter(ddb, config, clock, metrics), KeysSettings.from(config), clock);
    }

    /** The route-entry limits ({@link RouteLimits}) of this function. */
    public RouteGuard routeGuard() {
        return LinkedDeviceGuard.on(ddb, config, clock, metrics);
    }
}

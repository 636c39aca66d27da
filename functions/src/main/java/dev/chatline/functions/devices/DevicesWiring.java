package dev.chatline.functions.devices;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceStore;
import dev.chatline.devices.DeviceListService;
import dev.chatline.devices.DeviceRemoval;
import dev.chatline.devices.LinkCodes;
import dev.chatline.devices.LinkedDeviceGuard;
import dev.chatline.functions.keys.KeysWiring;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.snapstart.SnapStartPriming;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.messaging.InboxStore;
import dev.chatline.push.PushTokenStore;
import dev.chatline.ratelimit.RouteGuard;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the device list service and the route gate of a device function once per cold start. */
public final class DevicesWiring {
    private final AwsClients aws;
    private final ChatConfig config;
    private final DynamoDbClient ddb;
    private final Clock clock;

    public DevicesWiring(AwsClients aws, Clock clock) {
        this.aws = aws;
        this.config = aws.config();
        this.ddb = aws.dynamoDb();
        this.clock = clock;
    }

    public static DevicesWiring fromEnvironment() {
        AwsClients aws = new AwsClients(ChatConfig.fromEnvironment());
        SnapStartPriming.register("devices", SnapStartPriming.FRAMES, aws::primeDynamoDb,
                () -> MessagingClients.prime(aws));
        return new DevicesWiring(aws, Clock.systemUTC());
    }

    public DeviceListService deviceListService() {
        DynamoBatch batch = new DynamoBatch(ddb);
        ConnectionStore connections = new ConnectionStore(ddb, config, clock);
        DeviceRemoval removal = new DeviceRemoval(new DeviceKeysStore(ddb, config),
                new SingleUseEcPreKeyStore(ddb, batch, config), new SingleUseKemPreKeyStore(ddb, batch, config),
                new PushTokenStore(ddb, config), new InboxStore(ddb, batch, config, clock), connections,
                new ConnectionSender(MessagingClients.connections(aws), connections));
        return new DeviceListService(new DeviceStore(ddb, config, clock), removal,
                new KeysWiring(aws, clock).notifier(), new LinkCodes(), clock);
    }

    /** The linked-device check and the route limits of this function. */
    public RouteGuard routeGuard() {
        return LinkedDeviceGuard.on(ddb, config, clock, Telemetry.process().metrics());
    }
}

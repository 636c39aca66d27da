package dev.chatline.wiring;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.devices.DeviceListService;
import dev.chatline.devices.DeviceRemoval;
import dev.chatline.devices.LinkCodes;
import dev.chatline.inbox.InboxStore;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.push.PushTokenStore;
import dev.chatline.ratelimit.RouteGuard;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The object graph of the device list service and the route gate of a device function (once per cold start), the
 * one tests use too ({@link GraphBase}).
 */
public final class DevicesGraph {
    private final GraphBase base;
    private final ChatConfig config;
    private final DynamoDbClient ddb;
    private final Clock clock;

    public DevicesGraph(GraphBase base) {
        this.base = base;
        this.config = base.config();
        this.ddb = base.ddb();
        this.clock = base.clock();
    }

    public DeviceListService deviceListService() {
        DynamoBatch batch = new DynamoBatch(ddb);
        ConnectionStore connections = new ConnectionStore(ddb, config, clock);
        DeviceRemoval removal = new DeviceRemoval(new DeviceKeysStore(ddb, config),
                new SingleUseEcPreKeyStore(ddb, batch, config), new SingleUseKemPreKeyStore(ddb, batch, config),
                new PushTokenStore(ddb, config), new InboxStore(ddb, batch, config, clock), connections,
                new ConnectionSender(MessagingClients.connections(base.aws()), connections));
        CellGraph cells = new CellGraph(base);
        return new DeviceListService(new DeviceAccountStore(ddb, config, clock), removal,
                new KeysGraph(base).notifier(), new LinkCodes(), clock, cells.summaries()::publish,
                cells.remoteKeys());
    }

    /** The linked-device check and the route limits of this function. */
    public RouteGuard routeGuard() {
        return base.routeGuard();
    }
}

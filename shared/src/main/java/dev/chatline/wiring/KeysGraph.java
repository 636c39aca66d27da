package dev.chatline.wiring;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.Contacts;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.keys.IdentityChangeNotifier;
import dev.chatline.keys.KeysService;
import dev.chatline.keys.KeysSettings;
import dev.chatline.keys.SingleUseEcPreKeyStore;
import dev.chatline.keys.SingleUseKemPreKeyStore;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.ratelimit.RouteLimits;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The object graph of the key service and the route limits of a keys function (once per cold start, on one DynamoDB
 * client), the one tests use too ({@link GraphBase}).
 */
public final class KeysGraph {
    private final GraphBase base;
    private final ChatConfig config;
    private final DynamoDbClient ddb;
    private final Clock clock;

    public KeysGraph(GraphBase base) {
        this.base = base;
        this.config = base.config();
        this.ddb = base.ddb();
        this.clock = base.clock();
    }

    /**
     * Tells contacts and co-members about a key or device list change, reading their devices 16 at a time (one
     * pool per cold start).
     */
    public IdentityChangeNotifier notifier() {
        BoundedParallel parallel = new BoundedParallel(16, "announce");
        CellGraph cells = new CellGraph(base);
        return new IdentityChangeNotifier(Contacts.sharedChats(new ContactStore(ddb, new DynamoBatch(ddb), config),
                new GroupMemberStore(ddb, config), parallel), cells.deviceLists(),
                new FanoutQueue(MessagingClients.sqs(base.aws()), config),
                cells.eventRelay(MessagingClients.sqs(base.aws())), parallel);
    }

    public KeysService keysService() {
        DynamoBatch batch = new DynamoBatch(ddb);
        IdentityChangeNotifier notifier = notifier();
        CellGraph cells = new CellGraph(base);
        return new KeysService(new DeviceKeysStore(ddb, config), new DeviceAccountStore(ddb, config, clock),
                new SingleUseEcPreKeyStore(ddb, batch, config),
                new SingleUseKemPreKeyStore(ddb, batch, config), notifier,
                base.rateLimiter(), KeysSettings.from(config), clock,
                cells.summaries()::publish, cells.remoteKeys());
    }

    /** The route-entry limits ({@link RouteLimits}) of this function. */
    public RouteGuard routeGuard() {
        return base.routeGuard();
    }
}

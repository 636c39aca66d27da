package dev.chatline.wiring;

import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.push.PushRegistration;
import dev.chatline.push.PushSender;
import dev.chatline.push.PushService;
import dev.chatline.push.PushSettings;
import dev.chatline.push.PushTokenStore;
import dev.chatline.push.PushWindowStore;
import dev.chatline.ratelimit.RouteGuard;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The object graph of the push service (one per function instance; tests build it on the emulator's clients). The
 * sender is the one part that differs between places: Firebase Admin in the push function, a scripted or local FCM
 * sender in tests.
 */
public final class PushGraph {
    private final GraphBase base;

    public PushGraph(GraphBase base) {
        this.base = base;
    }

    /** The {@code registerPush} route's service. */
    public PushRegistration registration() {
        return new PushRegistration(new PushTokenStore(base.ddb(), base.config()), base.clock());
    }

    /** The {@code registerPush} route's guard: linked devices only, within the route's limits. */
    public RouteGuard routeGuard() {
        return base.routeGuard();
    }

    public PushService pushService(PushSender sender) {
        DynamoDbClient ddb = base.ddb();
        return new PushService(new PushTokenStore(ddb, base.config()), new PushWindowStore(ddb, base.config()),
                new DeviceAccountStore(ddb, base.config(), base.clock()), sender, PushSettings.from(base.config()),
                base.clock(), base.pause(), base.metrics());
    }
}

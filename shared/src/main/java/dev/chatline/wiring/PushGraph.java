package dev.chatline.wiring;

import dev.chatline.connection.DeviceStore;
import dev.chatline.push.PushSender;
import dev.chatline.push.PushService;
import dev.chatline.push.PushSettings;
import dev.chatline.push.PushTokenStore;
import dev.chatline.push.PushWindowStore;
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

    public PushService pushService(PushSender sender) {
        DynamoDbClient ddb = base.ddb();
        return new PushService(new PushTokenStore(ddb, base.config()), new PushWindowStore(ddb, base.config()),
                new DeviceStore(ddb, base.config(), base.clock()), sender, PushSettings.from(base.config()),
                base.clock(), d -> base.pause().pause(d.toMillis()), base.metrics());
    }
}

package dev.chatline.wiring;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.cells.CellAdmission;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionService;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.observability.Metrics;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.presence.PresenceCells;
import dev.chatline.presence.PresenceNotifier;
import dev.chatline.presence.PresenceOutbox;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceSettings;
import dev.chatline.presence.PresenceStore;
import dev.chatline.presence.PresenceSubscriptionStore;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.ratelimit.RouteLimits;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The object graph of the connection and presence services, the one production runs and tests use: a function
 * builds one per cold start, a test on the emulator's clients ({@link GraphBase}).
 */
public final class ConnectionGraph {
    /** Concurrent DynamoDB reads / posts per invocation when answering or fanning out presence. */
    public static final int PARALLELISM = 16;

    private final GraphBase base;
    private final ChatConfig config;
    private final DynamoDbClient ddb;
    private final Clock clock;
    private final BoundedParallel parallel = new BoundedParallel(PARALLELISM, "presence");
    private final Metrics metrics;

    public ConnectionGraph(GraphBase base) {
        this.base = base;
        this.metrics = base.metrics();
        this.config = base.config();
        this.ddb = base.ddb();
        this.clock = base.clock();
    }

    public ConnectionStore connectionStore() {
        return new ConnectionStore(ddb, config, clock);
    }

    /**
     * Presence tracking for {@code $connect}, {@code $disconnect} and {@code settings}: a change that subscribers
     * must hear about goes to the fan-out queue as one message ({@link PresenceNotifier} tells them there).
     */
    public PresenceTracker presenceTracker() {
        return presenceTracker(queueOutbox());
    }

    /**
     * Presence tracking publishing to {@code outbox} (a test hands each change to {@link #presenceNotifier()} at
     * once, which the fan-out function does in production).
     */
    public PresenceTracker presenceTracker(PresenceOutbox outbox) {
        return new PresenceTracker(new PresenceStore(ddb, config), subscriptionStore(), connectionStore(), outbox,
                clock);
    }

    /** Tells a change's subscribers (the fan-out consumer), posting through the {@code @connections} endpoint. */
    public PresenceNotifier presenceNotifier() {
        return new PresenceNotifier(subscriptionStore(),
                new ConnectionSender(MessagingClients.connections(base.aws()), connectionStore()), parallel,
                PresenceSettings.from(config), presenceCells());
    }

    public ConnectionService connectionService() {
        return connectionService(presenceTracker());
    }

    /** The connection lifecycle reporting to {@code tracker} (one of {@link #presenceTracker}). */
    public ConnectionService connectionService(PresenceTracker tracker) {
        return new ConnectionService(connectionStore(), new DeviceAccountStore(ddb, config, clock), tracker,
                config.connectionTtl(), clock);
    }

    /** {@code $connect}'s part in a cell deployment: sign-up, the wrong-cell refusal, the device summary. */
    public CellAdmission cellAdmission() {
        return new CellGraph(base).admission();
    }

    public PresenceService presenceService() {
        ContactStore contacts = new ContactStore(ddb, new DynamoBatch(ddb), config);
        return new PresenceService(new PresenceStore(ddb, config), subscriptionStore(), connectionStore(),
                contacts::contactsAmong, parallel, PresenceSettings.from(config), clock, presenceCells());
    }

    private PresenceCells presenceCells() {
        return new CellGraph(base).presenceCells(MessagingClients.sqs(base.aws()));
    }

    private PresenceSubscriptionStore subscriptionStore() {
        return new PresenceSubscriptionStore(ddb, config, clock);
    }

    private PresenceOutbox queueOutbox() {
        FanoutQueue queue = new FanoutQueue(MessagingClients.sqs(base.aws()), config);
        return change -> queue.enqueue(change.groupId(), change.deduplicationKey(), change.toJson());
    }

    /** The business metrics port the services built here record into. */
    public Metrics metrics() {
        return metrics;
    }

    /** The route-entry limits ({@link RouteLimits}) of this function, {@code $connect}'s included. */
    public RouteGuard routeGuard() {
        return base.routeGuard();
    }
}

package dev.chatline.testing;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionService;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.emulator.MotoServer;
import dev.chatline.presence.PresenceChange;
import dev.chatline.presence.PresenceNotifier;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceSettings;
import dev.chatline.presence.PresenceStore;
import dev.chatline.presence.PresenceSubscriptionStore;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.ratelimit.RouteLimits;
import dev.chatline.wiring.ConnectionGraph;
import dev.chatline.wiring.GraphBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Test-only: the production {@link ConnectionGraph} (connection and presence services) on moto (every table
 * created), posting to a {@link FakeConnections} endpoint, with a {@link MutableClock} and a recording metrics port;
 * and the connection, presence, contact and rate-limit stores, for a test's own reads and writes. Connection rows
 * expire {@link #TTL} (the default) after connect. The presence outbox records each published change and hands it to
 * the graph's notifier at once (what the fan-out queue and function do in production), so tests see the frames
 * without a queue.
 */
public final class PresenceFixture implements AutoCloseable {
    public static final Duration TTL = ChatConfig.of(Map.of()).connectionTtl();

    public final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    public final FakeConnections endpoint = new FakeConnections();
    public final ChatConfig config;
    public final DynamoDbClient ddb;
    public final ConnectionStore connections;
    public final DeviceAccountStore devices;
    public final PresenceStore presenceStore;
    public final PresenceSubscriptionStore subscriptions;
    public final ContactStore contacts;
    public final RateLimiter rateLimiter;
    /** The route-entry limits of the defaults, on {@link #rateLimiter}. */
    public final RouteLimits routeLimits;
    public final ConnectionSender sender;
    public final PresenceSettings settings;
    public final PresenceNotifier notifier;
    /** Every change the tracker published, in order. */
    public final List<PresenceChange> published = new CopyOnWriteArrayList<>();
    public final PresenceTracker tracker;
    public final PresenceService presence;
    public final ConnectionService lifecycle;
    public final RecordingMetrics metrics = new RecordingMetrics();
    /** The production object graph this fixture's services come from. */
    public final ConnectionGraph graph;

    public PresenceFixture(MotoServer moto, String stage) {
        config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(), ChatConfig.STAGE, stage,
                ChatConfig.CONNECTIONS_ENDPOINT, endpoint.endpoint().toString()));
        AwsClients aws = new AwsClients(config);
        ddb = aws.dynamoDb();
        TestTables.createAll(ddb, config);
        GraphBase base = new GraphBase(aws, clock, metrics, pause -> { });
        graph = new ConnectionGraph(base);
        connections = graph.connectionStore();
        devices = new DeviceAccountStore(ddb, config, clock);
        presenceStore = new PresenceStore(ddb, config);
        subscriptions = new PresenceSubscriptionStore(ddb, config, clock);
        contacts = new ContactStore(ddb, new DynamoBatch(ddb), config);
        rateLimiter = base.rateLimiter();
        routeLimits = new RouteLimits(rateLimiter, config);
        sender = new ConnectionSender(MessagingClients.connections(aws), connections);
        settings = PresenceSettings.from(config);
        notifier = graph.presenceNotifier();
        tracker = graph.presenceTracker(change -> {
            published.add(change);
            notifier.notify(change);
        });
        presence = graph.presenceService();
        lifecycle = graph.connectionService(tracker);
    }

    /** Records that the two users share a direct chat (what its first message does). */
    public void contacts(String a, String b) {
        contacts.addPair(a, b, clock.millis());
    }

    /** The unexpired subscribers of the user. */
    public List<String> subscribersOf(String userId) {
        return subscriptions.subscribers(userId, 1_000);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

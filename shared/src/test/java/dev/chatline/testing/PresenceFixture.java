package dev.chatline.testing;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionService;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceStore;
import dev.chatline.emulator.MotoServer;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.presence.PresenceService;
import dev.chatline.presence.PresenceStore;
import dev.chatline.presence.PresenceSubscriptionStore;
import dev.chatline.presence.PresenceTracker;
import dev.chatline.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Test-only: the connection, presence and rate-limit stores and services on moto (every table created), posting to
 * a {@link FakeConnections} endpoint, with a {@link MutableClock}. Connection rows expire {@link #TTL} (the default) after connect.
 */
public final class PresenceFixture implements AutoCloseable {
    public static final Duration TTL = ChatConfig.of(Map.of()).connectionTtl();

    public final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    public final FakeConnections endpoint = new FakeConnections();
    public final ChatConfig config;
    public final DynamoDbClient ddb;
    public final ConnectionStore connections;
    public final DeviceStore devices;
    public final PresenceStore presenceStore;
    public final PresenceSubscriptionStore subscriptions;
    public final RateLimiter rateLimiter;
    public final ConnectionSender sender;
    public final PresenceTracker tracker;
    public final PresenceService presence;
    public final ConnectionService lifecycle;

    public PresenceFixture(MotoServer moto, String stage) {
        config = ChatConfig.of(Map.of(ChatConfig.AWS_ENDPOINT, moto.endpoint().toString(), ChatConfig.STAGE, stage,
                ChatConfig.CONNECTIONS_ENDPOINT, endpoint.endpoint().toString()));
        AwsClients aws = new AwsClients(config);
        ddb = aws.dynamoDb();
        TestTables.createAll(ddb, config);
        BoundedParallel parallel = new BoundedParallel(4, "test-presence");
        connections = new ConnectionStore(ddb, config, clock);
        devices = new DeviceStore(ddb, config, clock);
        presenceStore = new PresenceStore(ddb, config);
        subscriptions = new PresenceSubscriptionStore(ddb, config, clock);
        rateLimiter = new RateLimiter(ddb, config, clock);
        sender = new ConnectionSender(MessagingClients.connections(aws), connections);
        tracker = new PresenceTracker(presenceStore, subscriptions, connections, sender, parallel, clock);
        presence = new PresenceService(presenceStore, subscriptions, connections, rateLimiter, parallel, clock);
        lifecycle = new ConnectionService(connections, devices, tracker, config.connectionTtl(), clock);
    }

    /** Connection ids of the unexpired subscriptions to the user. */
    public java.util.List<String> subscriptionsTo(String userId) {
        return subscriptions.subscriptionsTo(userId).stream()
                .map(dev.chatline.presence.PresenceSubscription::connectionId).toList();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

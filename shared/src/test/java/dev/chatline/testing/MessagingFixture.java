package dev.chatline.testing;

import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.DirectChatContacts;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.fanout.FanoutService;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.fanout.PushPublisher;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.history.HistoryService;
import dev.chatline.inbox.InboxStore;
import dev.chatline.inbox.SyncService;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageStore;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.receipts.ReceiptStore;
import dev.chatline.send.DirectAudience;
import dev.chatline.send.IdempotencyStore;
import dev.chatline.send.MessageAttachments;
import dev.chatline.send.MessageDelivery;
import dev.chatline.send.SendService;
import dev.chatline.send.StaleDevices;
import dev.chatline.wiring.GraphBase;
import dev.chatline.wiring.MessagingGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Test-only: the production {@link MessagingGraph} against a {@link TestEnv}, with a {@link MutableClock}, a recording
 * metrics port and no sleeping between retries; and the stores, for a test's own reads and writes.
 */
public final class MessagingFixture implements AutoCloseable {
    public final TestEnv env;
    public final MutableClock clock;
    /** This fixture's DynamoDB client (with the fixture's interceptors, if any). */
    public final DynamoDbClient ddb;
    public final DynamoBatch batch;
    public final MessageStore messages;
    public final InboxStore inbox;
    public final IdempotencyStore idempotency;
    public final ReceiptStore receipts;
    public final DeviceAccountStore devices;
    public final ConnectionStore connections;
    public final SendService send;
    public final ReceiptService receiptService;
    public final HistoryService history;
    public final SyncService sync;
    public final FanoutService fanout;
    public final DeviceDirectory directory;
    public final ContactStore contacts;
    public final RecordingMetrics metrics = new RecordingMetrics();
    /** The production object graph this fixture's services come from. */
    public final MessagingGraph graph;
    /** What {@link #graph} is built on: other graphs of a test share it. */
    public final GraphBase base;

    public MessagingFixture(TestEnv env) {
        this(env, env.aws, new MutableClock(Instant.parse("2025-06-01T12:00:00Z")));
    }

    /**
     * The same graph on other clients (e.g. with a fault-injecting interceptor) over the same environment.
     *
     * @param clock shared with another fixture to see the same time
     */
    public MessagingFixture(TestEnv env, AwsClients aws, MutableClock clock) {
        this.env = env;
        this.clock = clock;
        // the production graph, on these clients and this clock; posts retry without sleeping
        base = new GraphBase(aws, clock, metrics, pause -> { });
        graph = new MessagingGraph(base);
        ddb = aws.dynamoDb();
        batch = new DynamoBatch(ddb);
        messages = new MessageStore(ddb, batch, env.config, clock);
        inbox = new InboxStore(ddb, batch, env.config, clock);
        idempotency = new IdempotencyStore(ddb, env.config, clock);
        receipts = new ReceiptStore(ddb, batch, env.config, clock);
        devices = new DeviceAccountStore(ddb, env.config, clock);
        connections = new ConnectionStore(ddb, env.config, clock);
        contacts = new ContactStore(ddb, batch, env.config);
        directory = graph.deviceDirectory();
        fanout = graph.fanoutService();
        send = graph.sendService();
        receiptService = graph.receiptService();
        history = graph.historyService();
        sync = graph.syncService();
    }

    /** A device that has connected once (its device row). */
    public Identity device(String userId, String deviceId) {
        Identity id = new Identity(userId, deviceId);
        devices.register(id);
        return id;
    }

    /** A live connection of the device (expires in 3 minutes). */
    public void connect(Identity device, String connectionId) {
        connections.put(new ConnectionRecord(connectionId, device.userId(), device.deviceId(), clock.millis(),
                clock.instant().plus(Duration.ofMinutes(3)).getEpochSecond()));
    }

    public static SendMessage text(String to, String body) {
        return SendMessage.direct(UUID.randomUUID().toString(), to, body, null);
    }

    /** Sends and returns the parsed ack. */
    public com.fasterxml.jackson.databind.JsonNode sendText(Identity from, String to, String body) {
        return Json.read(ProtocolJson.encode(send.send(from, text(to, body))));
    }

    @Override
    public void close() {
        // the graph's pools are daemon threads, like a function instance's
    }
}

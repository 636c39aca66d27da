package dev.chatline.testing;

import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.connection.DeviceStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.DirectChatContacts;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.DirectAudience;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.messaging.FanoutService;
import dev.chatline.messaging.HistoryService;
import dev.chatline.messaging.IdempotencyStore;
import dev.chatline.messaging.InboxStore;
import dev.chatline.messaging.LiveDelivery;
import dev.chatline.messaging.MessageAttachments;
import dev.chatline.messaging.MessageDelivery;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.PushPublisher;
import dev.chatline.messaging.SendMessageRequest;
import dev.chatline.messaging.SendService;
import dev.chatline.messaging.StaleDevices;
import dev.chatline.messaging.SyncService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.receipts.ReceiptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Test-only: every messaging store and service wired against a {@link TestEnv}, with a {@link MutableClock}. */
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
    public final DeviceStore devices;
    public final ConnectionStore connections;
    public final FanoutQueue queue;
    public final SendService send;
    public final ReceiptService receiptService;
    public final HistoryService history;
    public final SyncService sync;
    public final FanoutService fanout;
    public final LiveDelivery live;
    public final MessageDelivery delivery;
    public final DeviceDirectory directory;
    public final ContactStore contacts;
    private final ChatStore chats;
    private final RateLimiter rateLimiter;
    public final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

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
        ddb = aws.dynamoDb();
        batch = new DynamoBatch(ddb);
        messages = new MessageStore(ddb, batch, env.config, clock);
        inbox = new InboxStore(ddb, batch, env.config, clock);
        idempotency = new IdempotencyStore(ddb, env.config, clock);
        receipts = new ReceiptStore(ddb, batch, env.config, clock);
        devices = new DeviceStore(ddb, env.config, clock);
        directory = new DeviceDirectory(devices, clock, Duration.ofSeconds(30), 1000);
        connections = new ConnectionStore(ddb, env.config, clock);
        queue = new FanoutQueue(MessagingClients.sqs(aws), env.config);
        contacts = new ContactStore(ddb, batch, env.config);
        // a deployment without a @connections endpoint still wires one: nothing is posted while no connection rows
        // exist, and a test that creates some configures a real (fake) endpoint
        ConnectionSender sender = new ConnectionSender(MessagingClients.connections(aws, env.config.get(
                dev.chatline.config.ChatConfig.CONNECTIONS_ENDPOINT).map(java.net.URI::create)
                .orElse(java.net.URI.create("http://127.0.0.1:9/local"))), connections);
        live = new LiveDelivery(connections, sender, inbox, new PushPublisher(MessagingClients.sns(aws), env.config),
                executor, env.settings(), clock, metrics, millis -> { });
        fanout = new FanoutService(live, queue);
        delivery = new MessageDelivery(inbox, batch, queue, new DirectChatContacts(contacts), receipts, live, fanout);
        chats = new ChatStore(ddb, env.config);
        rateLimiter = new RateLimiter(ddb, env.config, clock, metrics);
        send = sendService(MessageAttachments.NONE);
        receiptService = new ReceiptService(receipts, new GroupMemberStore(ddb, env.config), inbox, directory,
                live, fanout, clock, metrics, new dev.chatline.presence.BoundedParallel(8, "test-receipts"));
        history = new HistoryService(messages, ChatMembership.DIRECT, receipts);
        sync = new SyncService(inbox, messages, new dev.chatline.groups.GroupMembership(
                new GroupMemberStore(ddb, env.config)), sender, metrics);
    }

    /** The send service of this graph, with these attachment checks. */
    public SendService sendService(MessageAttachments attachments) {
        return new SendService(chats, messages, idempotency, delivery, new DirectAudience(directory, executor),
                directory, rateLimiter, env.settings(), clock, metrics, executor, attachments,
                new StaleDevices(new dev.chatline.keys.DeviceKeysStore(ddb, env.config)::registrationIds, executor));
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

    public static SendMessageRequest text(String to, String body) {
        return new SendMessageRequest(UUID.randomUUID().toString(), to, body, null);
    }

    public static ClientFrame frame(String json) {
        return ClientFrame.parse(json);
    }

    /** Sends and returns the parsed ack. */
    public com.fasterxml.jackson.databind.JsonNode sendText(Identity from, String to, String body) {
        return Json.read(ProtocolJson.encode(send.send(from, text(to, body))));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.chatline.testing;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.DirectChatContacts;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.DirectAudience;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.messaging.FanoutService;
import dev.chatline.messaging.HistoryService;
import dev.chatline.messaging.IdempotencyStore;
import dev.chatline.messaging.InboxStore;
import dev.chatline.messaging.MessageDelivery;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.PushPublisher;
import dev.chatline.messaging.SendMessageRequest;
import dev.chatline.messaging.SendService;
import dev.chatline.messaging.SyncService;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.Json;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.receipts.ReceiptAggregator;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.receipts.ReceiptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Test-only: every messaging store and service wired against a {@link TestEnv}, with a {@link MutableClock}. */
public final class MessagingFixture implements AutoCloseable {
    public final TestEnv env;
    public final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
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
    public final ReceiptAggregator aggregator;
    public final HistoryService history;
    public final SyncService sync;
    public final FanoutService fanout;
    public final ContactStore contacts;
    public final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    public MessagingFixture(TestEnv env) {
        this.env = env;
        batch = new DynamoBatch(env.ddb);
        messages = new MessageStore(env.ddb, batch, env.config, clock);
        inbox = new InboxStore(env.ddb, batch, env.config, clock);
        idempotency = new IdempotencyStore(env.ddb, env.config, clock);
        receipts = new ReceiptStore(env.ddb, env.config);
        devices = new DeviceStore(env.ddb, env.config, clock);
        connections = new ConnectionStore(env.ddb, env.config, clock);
        queue = new FanoutQueue(env.sqs, env.config);
        contacts = new ContactStore(env.ddb, batch, env.config);
        send = new SendService(new ChatStore(env.ddb, env.config), messages, idempotency,
                new MessageDelivery(inbox, queue, new DirectChatContacts(contacts)), new DirectAudience(devices, executor),
                new RateLimiter(env.ddb, env.config, clock, metrics), env.settings(), clock, metrics, executor);
        aggregator = new ReceiptAggregator(receipts, messages);
        receiptService = new ReceiptService(messages, aggregator, inbox, devices, queue, clock, metrics);
        history = new HistoryService(messages);
        boolean hasConnections = env.config.get(dev.chatline.config.ChatConfig.CONNECTIONS_ENDPOINT).isPresent();
        ConnectionSender sender = hasConnections ? new ConnectionSender(env.aws.connections(), connections) : null;
        sync = hasConnections ? new SyncService(inbox, messages, sender, metrics) : null;
        fanout = hasConnections ? new FanoutService(connections, sender, inbox, new PushPublisher(env.sns, env.config),
                executor, env.settings(), clock, metrics) : null;
    }

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
        return Json.read(send.send(from, text(to, body), null));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

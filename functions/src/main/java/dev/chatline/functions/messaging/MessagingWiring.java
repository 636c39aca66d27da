package dev.chatline.functions.messaging;

import dev.chatline.aws.AwsClients;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceStore;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.DirectChatContacts;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.media.MediaAttachments;
import dev.chatline.media.MediaStore;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.messaging.FanoutService;
import dev.chatline.messaging.HistoryService;
import dev.chatline.messaging.IdempotencyStore;
import dev.chatline.messaging.InboxStore;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.messaging.SendService;
import dev.chatline.messaging.SyncService;
import dev.chatline.observability.Metrics;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.receipts.ReceiptAggregator;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.receipts.ReceiptStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the messaging and receipt services of one function from its configuration. A handler creates one in its
 * no-arg constructor (cold start) and asks for the one service it needs, so only that service's clients exist.
 */
public final class MessagingWiring {
    private final AwsClients aws;
    private final ChatConfig config;
    private final Clock clock;
    private final MessagingSettings settings;
    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final Metrics metrics;
    /** Concurrent reads per send: the idempotency row and both users' devices. */
    private static final int SEND_LOOKUPS = 3;

    public MessagingWiring(AwsClients aws, Clock clock) {
        this(aws, clock, Metrics.NOOP);
    }

    /** @param metrics the business metrics port every service built here records into */
    public MessagingWiring(AwsClients aws, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.aws = aws;
        this.config = aws.config();
        this.clock = clock;
        this.settings = MessagingSettings.from(config);
        this.ddb = aws.dynamoDb();
        this.batch = new DynamoBatch(ddb);
    }

    /** From the function's environment, with the system clock and this process's metrics. */
    public static MessagingWiring fromEnvironment() {
        return new MessagingWiring(new AwsClients(ChatConfig.fromEnvironment()), Clock.systemUTC(),
                Telemetry.process().metrics());
    }

    /** The send service, reading its independent lookups concurrently on a small pool of daemon threads. */
    public SendService sendService() {
        return new SendService(new ChatStore(ddb, config), messages(), new IdempotencyStore(ddb, config, clock),
                inbox(), devices(), new RateLimiter(ddb, config, clock, metrics), new FanoutQueue(aws.sqs(), config),
                settings, clock, metrics, daemonPool("send-lookup", SEND_LOOKUPS),
                new DirectChatContacts(new ContactStore(ddb, batch, config)),
                new MediaAttachments(new MediaStore(ddb, config, clock), ChatMembership.DIRECT));
    }

    public ReceiptService receiptService() {
        MessageStore messages = messages();
        return new ReceiptService(messages, new ReceiptAggregator(new ReceiptStore(ddb, config), messages), inbox(),
                devices(), new FanoutQueue(aws.sqs(), config), clock, metrics);
    }

    public SyncService syncService() {
        return new SyncService(inbox(), messages(), connectionSender(), metrics);
    }

    public HistoryService historyService() {
        return new HistoryService(messages());
    }

    /** The fan-out service with its own bounded pool of daemon threads ({@link MessagingSettings#fanoutConcurrency}). */
    public FanoutService fanoutService() {
        ExecutorService executor = daemonPool("fanout-post", settings.fanoutConcurrency());
        return new FanoutService(new ConnectionStore(ddb, config, clock), connectionSender(), inbox(),
                new dev.chatline.messaging.PushPublisher(aws.sns(), config), executor, settings, clock, metrics);
    }

    private static ExecutorService daemonPool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private MessageStore messages() {
        return new MessageStore(ddb, batch, config, clock);
    }

    private InboxStore inbox() {
        return new InboxStore(ddb, batch, config, clock);
    }

    private DeviceStore devices() {
        return new DeviceStore(ddb, config, clock);
    }

    private ConnectionSender connectionSender() {
        return new ConnectionSender(aws.connections(), new ConnectionStore(ddb, config, clock));
    }
}

package dev.chatline.wiring;

import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.MessagingClients;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.contacts.ContactStore;
import dev.chatline.contacts.DirectChatContacts;
import dev.chatline.fanout.FanoutBatch;
import dev.chatline.fanout.FanoutBatchSettings;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.fanout.FanoutService;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.fanout.PushPublisher;
import dev.chatline.fanout.QueueRedelivery;
import dev.chatline.groups.GroupAudience;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.groups.GroupMembership;
import dev.chatline.groups.GroupMessaging;
import dev.chatline.groups.GroupQueries;
import dev.chatline.groups.GroupActionRunner;
import dev.chatline.groups.GroupForwarding;
import dev.chatline.groups.GroupService;
import dev.chatline.groups.GroupSettings;
import dev.chatline.groups.GroupStore;
import dev.chatline.groups.GroupStores;
import dev.chatline.groups.GroupUserStore;
import dev.chatline.history.HistoryService;
import dev.chatline.history.RemoteHistory;
import dev.chatline.inbox.InboxStore;
import dev.chatline.inbox.SyncService;
import dev.chatline.media.MediaAttachments;
import dev.chatline.media.MediaStore;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.MessagingSettings;
import dev.chatline.observability.Metrics;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.presence.PresenceStore;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.ratelimit.RouteLimits;
import dev.chatline.receipts.ReceiptInfoService;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.receipts.ReceiptStore;
import dev.chatline.relay.CellCallService;
import dev.chatline.relay.GroupSlotAnswers;
import dev.chatline.relay.CellQueries;
import dev.chatline.relay.RelayService;
import dev.chatline.send.DirectAudience;
import dev.chatline.send.IdempotencyStore;
import dev.chatline.send.MessageAttachments;
import dev.chatline.send.MessageDelivery;
import dev.chatline.send.SendService;
import dev.chatline.send.StaleDevices;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The object graph of the messaging and receipt services, the one production runs and tests use. A function builds
 * one per cold start and asks for the one service it needs, so only that service's clients exist; a test builds it
 * on the emulator's clients ({@link GraphBase}).
 */
public final class MessagingGraph {
    private final GraphBase base;
    private final ChatConfig config;
    private final Clock clock;
    private final MessagingSettings settings;
    private final DynamoDbClient ddb;
    private final DynamoBatch batch;
    private final Metrics metrics;
    /** The users' device lists, cached for {@link DeviceDirectory#DEFAULT_TTL} by this function instance. */
    private final DeviceDirectory devices;
    /** This deployment's cell, its router and the cross-cell collaborators (no-ops in a single cell). */
    private final CellGraph cellGraph;
    private LiveDelivery liveDelivery;
    /** One SQS client per wiring (a client owns its connection pool; the services share it). */
    private SqsClient sqs;
    /** Concurrent calls of a send's first round: seq, rate limit and both users' devices. */
    private static final int SEND_LOOKUPS = 4;
    /** Concurrent updates of one receipt frame's messages (a sync page acknowledges up to 100 at once). */
    private static final int RECEIPT_UPDATES = 8;
    /** Concurrent device reads of a group's members (a 256-member group: 16 rounds, not 256). */
    private static final int MEMBER_LOOKUPS = 16;

    public MessagingGraph(GraphBase base) {
        this.base = base;
        this.metrics = base.metrics();
        this.config = base.config();
        this.clock = base.clock();
        this.settings = MessagingSettings.from(config);
        this.ddb = base.ddb();
        this.batch = new DynamoBatch(ddb);
        this.cellGraph = new CellGraph(base);
        this.devices = new DeviceDirectory(cellGraph.deviceLists(), clock, DeviceDirectory.DEFAULT_TTL,
                DeviceDirectory.DEFAULT_CAPACITY);
    }

    /**
     * The send service for direct and group chats: its first round's calls run concurrently on a small pool of
     * daemon threads, a group's member devices on a bounded pool, its live posts on the delivery pool.
     */
    public SendService sendService() {
        return sendService(new MediaAttachments(new MediaStore(ddb, config, clock), membership()));
    }

    /**
     * The send service with another attachment check than the media table's (a test of that port's contract; every
     * function uses {@link #sendService()}).
     */
    public SendService sendService(MessageAttachments attachments) {
        ExecutorService lookups = GraphBase.daemonPool("send-lookup", SEND_LOOKUPS);
        return new SendService(new ChatStore(ddb, config), messages(), new IdempotencyStore(ddb, config, clock),
                delivery(), groupAudience(lookups, memberLookups()), devices, new RateLimiter(ddb, config, clock,
                metrics), settings, clock, metrics, lookups, attachments,
                new StaleDevices(cellGraph.registrationIds(), lookups), cellGraph.sendForwarding());
    }

    /** The route-entry limits ({@link RouteLimits}) of this function, on this wiring's DynamoDB client. */
    public RouteGuard routeGuard() {
        // the device-list cache the services use: a sender's gate warms the lookup its send makes anyway
        return base.routeGuard(devices);
    }

    public ReceiptService receiptService() {
        return new ReceiptService(receipts(), groupMembers(), inbox(), devices, liveDelivery(), fanoutService(),
                clock, metrics, new BoundedParallel(RECEIPT_UPDATES, "receipt-apply"), cellGraph.receiptRouting(sqs()));
    }

    /** "message info": per-recipient receipt status for the sender. */
    public ReceiptInfoService receiptInfoService() {
        GroupMembership membership = membership();
        return new ReceiptInfoService(messages(), receipts(), membership, membership);
    }

    /** Group membership changes, invitations, info and lists. */
    public GroupService groupService() {
        ContactStore contacts = new ContactStore(ddb, batch, config);
        return new GroupService(new GroupStores(new GroupStore(ddb, config), groupMembers(),
                new GroupUserStore(ddb, batch, config, clock), new PresenceStore(ddb, config)),
                new GroupMessaging(new ChatStore(ddb, config), messages(), delivery(),
                        new FanoutQueue(sqs(), config), settings), groupAudience(Runnable::run, memberLookups()),
                contacts::startedChatsWith,
                new RateLimiter(ddb, config, clock, metrics), GroupSettings.from(config), clock,
                cellGraph.cells().cell(), cellGraph.router()::isLocal, cellGraph.groupSlots());
    }

    /** Group action frames, forwarded to the group's home cell when it is another. */
    public GroupActionRunner groupActions() {
        return new GroupActionRunner(groupService(), cellGraph.groupForwarding());
    }

    /** The read-only group routes: the two group stores, nothing that delivers. */
    public GroupQueries groupQueries() {
        return new GroupQueries(new GroupStore(ddb, config), groupMembers(), cellGraph.cells().isSingleCell()
                ? Optional.empty() : Optional.of(new GroupUserStore(ddb, batch, config, clock)));
    }

    /** The one membership check of direct and group chats ({@link ChatMembership}). */
    public GroupMembership membership() {
        return new GroupMembership(groupMembers());
    }

    public SyncService syncService() {
        return new SyncService(inbox(), messages(), cellGraph.syncMembership(membership()), connectionSender(),
                metrics);
    }

    public HistoryService historyService() {
        return new HistoryService(messages(), membership(), receipts(), cellGraph.remoteHistory());
    }

    /** The fan-out consumer's service (large groups and retries), posting through the delivery pool. */
    public FanoutService fanoutService() {
        return new FanoutService(liveDelivery(), new FanoutQueue(sqs(), config));
    }

    /**
     * The relay consumer's service: jobs other cells sent to this cell's relay queue (messages for its users,
     * receipt events, receipts of chats homed here).
     */
    public RelayService relayService() {
        return new RelayService(messages(), inbox(), new DirectChatContacts(new ContactStore(ddb, batch, config)),
                fanoutService(), receiptService(), cells().movedUserForwarding(sqs()),
                new ConnectionGraph(base).presenceNotifier());
    }

    /**
     * Answers peer cells' synchronous calls: forwarded sends, and key fetches, device lists and presence
     * subscriptions for users of this cell, and the history of its groups.
     */
    public CellCallService cellCallService() {
        return new CellCallService(sendService(), new GroupActionRunner(groupService(), GroupForwarding.NONE),
                new CellQueries(new KeysGraph(base).keysService(), new DevicesGraph(base).deviceListService(),
                        new ConnectionGraph(base).presenceService()),
                new HistoryService(messages(), membership(), receipts(), RemoteHistory.NONE),
                new GroupSlotAnswers(new GroupUserStore(ddb, batch, config, clock), groupMembers(),
                        GroupSettings.from(config).maxGroupsPerUser()));
    }

    /** The cells' part of this graph (router, directory). */
    public CellGraph cells() {
        return cellGraph;
    }

    /** The users' linked devices, cached by this graph for {@link DeviceDirectory#DEFAULT_TTL} (one per graph). */
    public DeviceDirectory deviceDirectory() {
        return devices;
    }

    /** Posts to live connections on this instance's one bounded delivery pool ({@link MessagingSettings#fanoutConcurrency}). */
    public synchronized LiveDelivery liveDelivery() {
        if (liveDelivery == null) {
            liveDelivery = new LiveDelivery(new ConnectionStore(ddb, config, clock), connectionSender(), inbox(),
                    new PushPublisher(MessagingClients.sns(base.aws()), config),
                    GraphBase.daemonPool("delivery", settings.fanoutConcurrency()),
                    settings, clock, metrics, base.pause());
        }
        return liveDelivery;
    }

    /**
     * The fan-out queue's batch processor: chats in parallel ({@link FanoutBatchSettings}), reported records made
     * visible again on the queue they came from.
     */
    public FanoutBatch fanoutBatch() {
        return new FanoutBatch(FanoutBatchSettings.from(config), new QueueRedelivery(sqs()),
                clock, metrics);
    }

    private GroupAudience groupAudience(java.util.concurrent.Executor directLookups, BoundedParallel memberLookups) {
        return new GroupAudience(new DirectAudience(devices, directLookups), groupMembers(), devices,
                memberLookups);
    }

    private BoundedParallel memberLookups() {
        return new BoundedParallel(MEMBER_LOOKUPS, "member-lookup");
    }

    private GroupMemberStore groupMembers() {
        return new GroupMemberStore(ddb, config);
    }

    private MessageDelivery delivery() {
        return new MessageDelivery(inbox(), batch, new FanoutQueue(sqs(), config),
                new DirectChatContacts(new ContactStore(ddb, batch, config)), receipts(), liveDelivery(),
                fanoutService(), cellGraph.remoteDelivery(sqs()));
    }

    private ReceiptStore receipts() {
        return new ReceiptStore(ddb, batch, config, clock);
    }

    private MessageStore messages() {
        return new MessageStore(ddb, batch, config, clock);
    }

    private InboxStore inbox() {
        return new InboxStore(ddb, batch, config, clock);
    }


    private ConnectionSender connectionSender() {
        return new ConnectionSender(MessagingClients.connections(base.aws()), new ConnectionStore(ddb, config, clock));
    }

    private synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = MessagingClients.sqs(base.aws());
        }
        return sqs;
    }
}

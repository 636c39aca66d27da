package dev.chatline.wiring;

import dev.chatline.aws.CellClients;
import dev.chatline.cells.CellAdmission;
import dev.chatline.cells.CellConfig;
import dev.chatline.cells.CellDevices;
import dev.chatline.cells.CellRouter;
import dev.chatline.cells.DeviceSummaryPublisher;
import dev.chatline.cells.DirectoryStore;
import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.groups.GroupForwarding;
import dev.chatline.groups.GroupSlots;
import dev.chatline.groups.GroupUserStore;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.relay.GroupSlotReconciliation;
import java.time.Duration;
import java.util.Optional;
import dev.chatline.fanout.EventRelay;
import dev.chatline.history.RemoteHistory;
import dev.chatline.keys.RemoteKeys;
import dev.chatline.presence.PresenceCells;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.receipts.ReceiptRouting;
import dev.chatline.relay.CellCalls;
import dev.chatline.relay.CellDelivery;
import dev.chatline.relay.CellGroupForwarding;
import dev.chatline.relay.CellGroupSlots;
import dev.chatline.relay.CellSyncMembership;
import dev.chatline.relay.CellEvents;
import dev.chatline.relay.CellHistory;
import dev.chatline.relay.CellKeys;
import dev.chatline.relay.CellPresence;
import dev.chatline.relay.CellReceipts;
import dev.chatline.relay.CellSendForwarding;
import dev.chatline.relay.LambdaCellCalls;
import dev.chatline.relay.MovedUserForwarding;
import dev.chatline.relay.RelayQueue;
import dev.chatline.send.RemoteDelivery;
import dev.chatline.send.SendForwarding;
import dev.chatline.send.StaleDevices;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The cells' part of the object graphs (docs/architecture.md, "Cells"): one router (with its warm directory cache)
 * per graph, and the collaborators the messaging services take. In a single-cell deployment every collaborator is
 * the no-op one and no directory client, relay queue or Lambda client is ever built.
 */
public final class CellGraph {
    private final GraphBase base;
    private final CellConfig cells;
    private final CellRouter router;
    private final DeviceAccountStore accounts;
    private final DeviceKeysStore keys;
    private CellCalls calls;

    public CellGraph(GraphBase base) {
        this.base = base;
        ChatConfig config = base.config();
        this.cells = CellConfig.from(config);
        this.router = cells.isSingleCell() ? CellRouter.singleCell() : new CellRouter(cells,
                new DirectoryStore(base.ddb(), config), base.clock(), CellRouter.DEFAULT_TTL,
                CellRouter.DEFAULT_CAPACITY);
        this.accounts = new DeviceAccountStore(base.ddb(), config, base.clock());
        this.keys = new DeviceKeysStore(base.ddb(), config);
    }

    public CellConfig cells() {
        return cells;
    }

    public CellRouter router() {
        return router;
    }

    /** Where the device cache reads lists: the devices table, or in a cell the directory for remote users. */
    public DeviceDirectory.Source deviceLists() {
        return cells.isSingleCell() ? accounts::deviceIds : cellDevices();
    }

    /** Where a send reads registration ids: the keys table, or in a cell the directory for remote users. */
    public StaleDevices.RegistrationIds registrationIds() {
        return cells.isSingleCell() ? keys::registrationIds : cellDevices();
    }

    public RemoteDelivery remoteDelivery(SqsClient sqs) {
        return cells.isSingleCell() ? RemoteDelivery.NONE : new CellDelivery(router, new RelayQueue(sqs, cells));
    }

    public ReceiptRouting receiptRouting(SqsClient sqs) {
        return cells.isSingleCell() ? ReceiptRouting.NONE : new CellReceipts(router, new RelayQueue(sqs, cells));
    }

    /** The relay consumer's forwarding of jobs for users who moved to another cell. */
    public MovedUserForwarding movedUserForwarding(SqsClient sqs) {
        return cells.isSingleCell() ? MovedUserForwarding.NONE
                : new MovedUserForwarding(router, new RelayQueue(sqs, cells));
    }

    public SendForwarding sendForwarding() {
        return cells.isSingleCell() ? SendForwarding.NONE : new CellSendForwarding(router, calls());
    }

    /** Group actions on groups of other cells go to their homes (nothing is forwarded in a single cell). */
    public GroupForwarding groupForwarding() {
        return cells.isSingleCell() ? GroupForwarding.NONE : new CellGroupForwarding(router, calls());
    }

    /** Where users of other cells are counted against the group cap: their own cells (none in a single cell). */
    public GroupSlots groupSlots() {
        return cells.isSingleCell() ? GroupSlots.NONE : new CellGroupSlots(router, calls());
    }

    /** The repair of a user's group slots left by crashes (none to repair in a single cell). */
    public Optional<GroupSlotReconciliation> groupSlotReconciliation(Duration minAge) {
        return cells.isSingleCell() ? Optional.empty() : Optional.of(new GroupSlotReconciliation(
                new GroupUserStore(base.ddb(), new DynamoBatch(base.ddb()), base.config(), base.clock()), router,
                calls(), base.clock(), minAge));
    }

    /** {@code sync}'s membership: in a cell, rows of other cells' groups are trusted ({@link CellSyncMembership}). */
    public ChatMembership syncMembership(ChatMembership local) {
        return cells.isSingleCell() ? local : new CellSyncMembership(local, router);
    }

    /** Key fetches and device lists of users of other cells: asked of their cells. */
    public RemoteKeys remoteKeys() {
        return cells.isSingleCell() ? RemoteKeys.NONE : new CellKeys(router, calls());
    }

    /** {@code history} of groups of other cells: asked of their homes. */
    public RemoteHistory remoteHistory() {
        return cells.isSingleCell() ? RemoteHistory.NONE : new CellHistory(router, calls());
    }

    /** Presence subscriptions to users of other cells, and changes for subscribers of other cells. */
    public PresenceCells presenceCells(SqsClient sqs) {
        return cells.isSingleCell() ? PresenceCells.NONE
                : new CellPresence(router, calls(), new RelayQueue(sqs, cells));
    }

    /** Events ({@code identityChanged}, {@code devicesChanged}) for users of other cells: relayed to their cells. */
    public EventRelay eventRelay(SqsClient sqs) {
        return cells.isSingleCell() ? EventRelay.NONE : new CellEvents(router, new RelayQueue(sqs, cells));
    }

    /** {@code $connect}'s sign-up and wrong-cell check, and the device summary it publishes. */
    public CellAdmission admission() {
        DirectoryStore directory = cells.isSingleCell() ? null : new DirectoryStore(base.ddb(), base.config());
        return new CellAdmission(cells, directory, summaries(directory), base.clock());
    }

    /** Publishes local users' device summaries (a no-op in a single cell). */
    public DeviceSummaryPublisher summaries() {
        return summaries(cells.isSingleCell() ? null : new DirectoryStore(base.ddb(), base.config()));
    }

    /** The calls to peer cells' {@code cellCall} functions: Lambda {@code Invoke} (one client per graph). */
    public synchronized CellCalls calls() {
        if (calls == null) {
            calls = new LambdaCellCalls(CellClients.lambda(base.aws(), CellConfig.callEndpoint(base.config())),
                    cells);
        }
        return calls;
    }

    private DeviceSummaryPublisher summaries(DirectoryStore directory) {
        return new DeviceSummaryPublisher(cells, directory, accounts::deviceIds, keys::registrationIds, base.clock());
    }

    private CellDevices cellDevices() {
        return new CellDevices(router, accounts::deviceIds, keys::registrationIds);
    }
}

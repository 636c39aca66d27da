package dev.chatline.send;

import dev.chatline.auth.DeviceRef;
import dev.chatline.aws.DynamoBatch;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.fanout.FanoutService;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.ChatStartListener;
import dev.chatline.messaging.MessageFrames;
import dev.chatline.messaging.StoredMessage;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What every path that stores a message (sends, group membership changes) does around its transaction:
 * <ol>
 *   <li>{@link #writeTail}: the message's receipt header and one inbox row per target device, in batch writes that
 *   span both tables (one call for up to 25 rows), run concurrently with the message's transaction: plain writes
 *   cost half of transactional ones, and a write for a message whose transaction then fails (a retried
 *   clientMsgId) is harmless — a header nobody can name, an inbox row {@code sync} drops since its message does
 *   not exist;</li>
 *   <li>{@link #deliver}: the chat-start hook for a chat's first message, then delivery: a chat of at most
 *   {@value #DIRECT_DELIVERY_MAX_USERS} target users is posted live by the storing function itself
 *   ({@link LiveDelivery}, targets it could not post to go to the fan-out queue); a larger one is one fan-out job
 *   on the queue (split when it does not fit one queue message).</li>
 * </ol>
 * A message with per-device envelopes goes to its envelopes' devices, each target carrying only its own
 * ({@link DeviceEnvelopes#targets}). Targets served by other cells get neither inbox rows nor posts here: each of
 * the steps hands them to their cells ({@link RemoteDelivery}) before the send is acknowledged.
 */
public final class MessageDelivery {
    /** Target users up to which the storing function posts live itself; larger audiences use the queue. */
    public static final int DIRECT_DELIVERY_MAX_USERS = 16;

    private final InboxStore inbox;
    private final DynamoBatch batch;
    private final FanoutQueue queue;
    private final ChatStartListener chatStarted;
    private final MessageHeaders headers;
    private final LiveDelivery live;
    private final FanoutService retries;
    private final RemoteDelivery cells;

    /**
     * @param chatStarted told about each chat's first message (e.g. to record the two users as contacts)
     * @param headers the receipt header row written with each message
     * @param cells hands the targets of users homed in other cells to those cells
     */
    public MessageDelivery(InboxStore inbox, DynamoBatch batch, FanoutQueue queue, ChatStartListener chatStarted,
                           MessageHeaders headers, LiveDelivery live, FanoutService retries, RemoteDelivery cells) {
        this.inbox = inbox;
        this.batch = batch;
        this.queue = queue;
        this.chatStarted = chatStarted;
        this.headers = headers;
        this.live = live;
        this.retries = retries;
        this.cells = cells;
    }

    /** Whether a message to these targets is posted by the storing function (else by the fan-out queue). */
    public static boolean deliversDirectly(List<FanoutJob.Target> targets) {
        return targets.stream().map(FanoutJob.Target::userId).distinct().count() <= DIRECT_DELIVERY_MAX_USERS;
    }

    /** Starts the live-connection queries for a direct delivery to these targets (none for a queued one). */
    public Map<String, CompletableFuture<List<ConnectionRecord>>> lookup(List<FanoutJob.Target> targets) {
        List<FanoutJob.Target> local = cells.local(targets);
        return deliversDirectly(local)
                ? live.lookup(local.stream().map(FanoutJob.Target::userId).toList()) : Map.of();
    }

    /** The receipt header item of a message (for transactions that build their own item list). */
    public TransactionWrite header(StoredMessage m) {
        return headers.headerPut(m);
    }

    /**
     * Writes the message's inbox rows and then its receipt header (a send runs it beside the message's
     * transaction). The header goes last, so an existing header means every inbox row was written.
     *
     * @param senderConnectionId the connection the message came from (the header keeps it for receipt events)
     */
    public void writeTail(StoredMessage m, List<FanoutJob.Target> deviceTargets, String senderConnectionId) {
        batch.write(List.of(inbox.messageWrites(inboxKeys(m, deviceTargets), m.ref(), m.expiresAt()),
                headers.headerWrites(m, senderConnectionId)));
    }

    /**
     * For a retried send: writes the tail again if the original died before finishing it (no header: the inbox
     * rows, then the header unless a concurrent retry wrote it), whatever the retry's age. Hands the message to
     * the other cells' targets again in any case (the original may have died before it did).
     *
     * @return how many recipients acknowledged the message so far (0 when the tail had to be written)
     */
    public int ensureTail(StoredMessage m, List<FanoutJob.Target> deviceTargets, String senderConnectionId) {
        cells.relay(m, deviceTargets);
        OptionalInt delivered = headers.deliveredCount(m.ref());
        if (delivered.isPresent()) {
            return delivered.getAsInt();
        }
        inbox.addMessage(inboxKeys(m, deviceTargets), m.ref(), m.expiresAt());
        headers.putHeaderIfAbsent(m, senderConnectionId);
        return 0;
    }

    /** Hands an event's targets of other cells to them; returns the event for this cell's own targets. */
    public FanoutJob relayEvent(FanoutJob event) {
        return cells.relayEvent(event);
    }

    /** The tail for a membership change's system message (its transaction wrote the header, not the inbox rows). */
    public void deliver(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        deliver(m, deviceTargets, lookup(deviceTargets), false);
    }

    /**
     * Delivers a stored message.
     *
     * @param lookups the live-connection queries started by {@link #lookup} (empty: looked up now if direct)
     * @param inboxWritten whether the message's transaction already wrote its inbox rows
     */
    public void deliver(StoredMessage m, List<FanoutJob.Target> deviceTargets,
                        Map<String, CompletableFuture<List<ConnectionRecord>>> lookups, boolean inboxWritten) {
        if (m.seq() == 1) {
            chatStarted.chatStarted(m);
        }
        cells.relay(m, deviceTargets);
        List<FanoutJob.Target> targets = localTargets(m, deviceTargets);
        if (!inboxWritten) {
            inbox.addMessage(inboxKeys(m, deviceTargets), m.ref(), m.expiresAt());
        }
        FanoutJob job = new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets);
        if (targets.isEmpty()) {
            return;
        }
        if (!deliversDirectly(targets)) {
            queue.enqueue(job);
            return;
        }
        LiveDelivery.Outcome outcome = lookups.isEmpty() ? live.deliver(job)
                : live.deliver(job, live.refreshOffline(lookups));
        retries.retryLater(job, outcome.failed());
    }

    /** The targets this cell delivers: the message's envelope devices (or the devices), its own users' only. */
    private List<FanoutJob.Target> localTargets(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        return cells.local(DeviceEnvelopes.targets(m, deviceTargets));
    }

    private List<DeviceRef> inboxKeys(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        return localTargets(m, deviceTargets).stream().map(FanoutJob.Target::device).distinct()
                .toList();
    }
}

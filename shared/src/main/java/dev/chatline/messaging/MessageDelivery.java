package dev.chatline.messaging;

import dev.chatline.connection.ConnectionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What every path that stores a message (sends, group membership changes) does around its transaction:
 * <ol>
 *   <li>{@link #transactionItems}: the message's receipt header and, when they fit the transaction's 100 items,
 *   one inbox row per target device — written atomically with the message;</li>
 *   <li>{@link #deliver}: the chat-start hook for a chat's first message, the inbox rows that did not fit (batch
 *   writes), then delivery: a chat of at most {@value #DIRECT_DELIVERY_MAX_USERS} target users is posted live by
 *   the storing function itself ({@link LiveDelivery}, targets it could not post to go to the fan-out queue); a
 *   larger one is one fan-out job on the queue (split when it does not fit one queue message).</li>
 * </ol>
 * A message with per-device envelopes goes to its envelopes' devices, each target carrying only its own
 * ({@link DeviceEnvelopes#targets}).
 */
public final class MessageDelivery {
    /** Target users up to which the storing function posts live itself; larger audiences use the queue. */
    public static final int DIRECT_DELIVERY_MAX_USERS = 16;
    /** DynamoDB's limit on the items of one transaction. */
    public static final int MAX_TRANSACTION_ITEMS = 100;

    private final InboxStore inbox;
    private final FanoutQueue queue;
    private final ChatStartListener chatStarted;
    private final MessageHeaders headers;
    private final LiveDelivery live;
    private final FanoutService retries;

    /**
     * @param chatStarted told about each chat's first message (e.g. to record the two users as contacts)
     * @param headers the receipt header row written with each message
     */
    public MessageDelivery(InboxStore inbox, FanoutQueue queue, ChatStartListener chatStarted, MessageHeaders headers,
                           LiveDelivery live, FanoutService retries) {
        this.inbox = inbox;
        this.queue = queue;
        this.chatStarted = chatStarted;
        this.headers = headers;
        this.live = live;
        this.retries = retries;
    }

    /** Whether a message to these targets is posted by the storing function (else by the fan-out queue). */
    public static boolean deliversDirectly(List<FanoutJob.Target> targets) {
        return targets.stream().map(FanoutJob.Target::userId).distinct().count() <= DIRECT_DELIVERY_MAX_USERS;
    }

    /** Starts the live-connection queries for a direct delivery to these targets (none for a queued one). */
    public Map<String, CompletableFuture<List<ConnectionRecord>>> lookup(List<FanoutJob.Target> targets) {
        return deliversDirectly(targets)
                ? live.lookup(targets.stream().map(FanoutJob.Target::userId).toList()) : Map.of();
    }

    /** The receipt header item of a message (for transactions that build their own item list). */
    public TransactWriteItem header(StoredMessage m) {
        return headers.headerPut(m);
    }

    /**
     * The items to add to the message's transaction besides {@code otherItems} items of the caller's: the header,
     * and the inbox rows if all of them fit (else none: {@link #deliver} writes them).
     */
    public List<TransactWriteItem> transactionItems(StoredMessage m, List<FanoutJob.Target> deviceTargets,
                                                    int otherItems) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(headers.headerPut(m));
        List<String> deviceKeys = inboxKeys(m, deviceTargets);
        if (otherItems + 1 + items.size() + deviceKeys.size() <= MAX_TRANSACTION_ITEMS) {
            deviceKeys.forEach(dk -> items.add(inbox.messagePut(dk, m.ref(), m.expiresAt())));
        }
        return items;
    }

    /** Whether {@link #transactionItems} put the inbox rows into the transaction. */
    public static boolean inboxInTransaction(List<TransactWriteItem> items) {
        return items.size() > 1;
    }

    /** The tail for a message whose transaction wrote no inbox rows (membership changes). */
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
        List<FanoutJob.Target> targets = DeviceEnvelopes.targets(m, deviceTargets);
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
        LiveDelivery.Outcome outcome = lookups.isEmpty() ? live.deliver(job) : live.deliver(job, lookups);
        retries.retryLater(job, outcome.failed());
    }

    private static List<String> inboxKeys(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        return DeviceEnvelopes.targets(m, deviceTargets).stream().map(FanoutJob.Target::deviceKey).distinct()
                .toList();
    }
}

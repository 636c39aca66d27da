package dev.chatline.receipts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutService;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.Digests;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.observability.Metrics;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@code receipt} of a chat member to its messages ({@link DirectReceipts}: one batch read, then one
 * conditional update per message; {@link GroupReceipts}: one batch read and the member row, then one transaction
 * per message) and tells each sender about the statuses that every recipient now reaches — one {@code receipt}
 * event per (sender, status), posted directly to the sender's live devices ({@link LiveDelivery}; offline devices
 * get it stored as an inbox event, failed posts go to the fan-out queue) — and finally deletes the caller device's
 * inbox rows of the messages.
 *
 * <p>Invariant (no lost event, whatever call fails and wherever the function dies, once the client repeats the
 * receipt): the sender is told <em>before</em> the status is stored, so a stored status is proof that its event
 * went out. A receipt whose function died before storing it is repeated by the device (its inbox still lists the
 * message, or it got no answer) and announces again; a repeat of a stored status announces nothing, so repeating
 * receipts cannot flood a sender. Events are therefore at least once (a crash between telling and storing, or two
 * devices of the recipient acknowledging at the same moment, can tell twice); clients de-duplicate by message and
 * status. A {@code read} that completes both statuses at once is one {@code read} event (read implies delivered).
 * The inbox rows go last, so a receipt that died earlier leaves the messages in the device's {@code sync} set.
 *
 * <p>A retry receipt ({@link ReceiptRequest#retry()}) changes no status: {@link RetryReceipts} asks the senders to
 * encrypt the messages again.
 */
public final class ReceiptService {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptService.class);

    private final DirectReceipts direct;
    private final BoundedParallel perMessage;
    private final GroupReceipts groups;
    private final InboxStore inbox;
    private final DeviceDirectory devices;
    private final LiveDelivery live;
    private final FanoutService retries;
    private final Clock clock;
    private final Metrics metrics;
    private final RetryReceipts retryReceipts;
    private final ReceiptRouting cells;

    /**
     * @param perMessage applies the messages of one receipt frame (up to 100) concurrently, bounded
     * @param cells hands receipts of chats homed in another cell there, and events of senders homed elsewhere
     */
    public ReceiptService(ReceiptStore receipts, GroupMemberStore members, InboxStore inbox, DeviceDirectory devices,
                          LiveDelivery live, FanoutService retries, Clock clock, Metrics metrics,
                          BoundedParallel perMessage, ReceiptRouting cells) {
        this.direct = new DirectReceipts(receipts);
        this.groups = new GroupReceipts(receipts, members, perMessage);
        this.perMessage = perMessage;
        this.inbox = inbox;
        this.devices = devices;
        this.live = live;
        this.retries = retries;
        this.clock = clock;
        this.metrics = metrics;
        this.retryReceipts = new RetryReceipts(receipts, members, devices, live, retries, cells);
        this.cells = cells;
    }

    /** @param receipt a valid {@code receipt} frame's record ({@link ReceiptRequest#from} reads its status) */
    public void apply(Identity caller, Receipt receipt) {
        ReceiptRequest request = ReceiptRequest.from(receipt);
        long now = clock.millis();
        List<MessageRef> refs = refs(request);
        if (forwarded(caller, receipt, request, refs)) {
            return;
        }
        if (request.retry()) {
            retryReceipts.apply(caller, request.chatId(), refs, request.messageIds(), now);
            LOG.info("retry receipt for {} messages in {}", refs.size(), request.chatId());
            return;
        }
        Consumer<List<ReceiptOutcome>> announce = completing ->
                notifySenders(request.chatId(), caller.userId(), completing, now);
        List<ReceiptOutcome> outcomes = ChatIds.groupIdOf(request.chatId())
                .map(g -> groups.apply(caller, g, refs, request.messageIds(), request.status(), now, announce))
                .orElseGet(() -> applyDirect(caller, request, refs, now, announce));
        inbox.delete(caller.device(), outcomes.stream().filter(ReceiptOutcome::deleteInbox)
                .map(o -> InboxStore.messageEntryKey(o.ref())).toList());
        metrics.count(Metrics.RECEIPTS_APPLIED, outcomes.size());
        LOG.info("receipt {} for {} messages in {}", request.status().wire(), outcomes.size(), request.chatId());
    }

    /**
     * A reader of a chat homed in another cell: the status goes to the chat's home (which checks the messages and
     * tells the sender), and this cell, which holds the reader's inbox, deletes the rows of the messages (except
     * for a retry receipt, which changes no status and keeps the rows: the home asks the senders to re-send).
     */
    private boolean forwarded(Identity caller, Receipt receipt, ReceiptRequest request, List<MessageRef> refs) {
        if (ChatIds.groupIdOf(request.chatId()).isEmpty() && !ChatIds.isMember(request.chatId(), caller.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat");
        }
        if (!cells.forwardToChatHome(caller, receipt)) {
            return false;
        }
        if (!request.retry()) {
            inbox.delete(caller.device(), refs.stream().map(InboxStore::messageEntryKey).toList());
        }
        LOG.info("receipt {} for {} messages in {} forwarded to the chat's cell", receipt.status(),
                refs.size(), request.chatId());
        return true;
    }

    /** Plans every message (one batch read), tells the senders, then stores the statuses that move. */
    private List<ReceiptOutcome> applyDirect(Identity caller, ReceiptRequest request, List<MessageRef> refs,
                                             long now, Consumer<List<ReceiptOutcome>> announce) {
        if (!ChatIds.isMember(request.chatId(), caller.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat");
        }
        List<ReceiptOutcome> planned = direct.plan(caller, refs, request.messageIds(), request.status());
        List<ReceiptOutcome> moving = planned.stream().filter(o -> o.completed().isPresent()).toList();
        announce.accept(moving);
        perMessage.map(moving, o -> {
            direct.commit(caller, o, request.status(), now);
            return o;
        });
        return planned;
    }

    private static List<MessageRef> refs(ReceiptRequest request) {
        List<MessageRef> refs = new ArrayList<>();
        for (String id : request.messageIds()) {
            OptionalLong seq = MessageIds.seqOf(id);
            if (seq.isEmpty()) {
                throw unknown(id);
            }
            refs.add(new MessageRef(request.chatId(), seq.getAsLong()));
        }
        return refs;
    }

    private void notifySenders(String chatId, String by, List<ReceiptOutcome> outcomes, long now) {
        if (outcomes.isEmpty()) {
            return;
        }
        // sender → status → message ids whose status every recipient has now reached
        Map<String, Map<MessageStatus, List<String>>> completed = new LinkedHashMap<>();
        Map<String, ConnectionRecord> sentFrom = new LinkedHashMap<>();
        for (ReceiptOutcome o : outcomes) {
            o.completed().ifPresent(s -> completed.computeIfAbsent(o.sender(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s, k -> new ArrayList<>()).add(o.messageId()));
            o.senderConnection().ifPresent(c -> sentFrom.putIfAbsent(o.sender(), c));
        }
        completed.forEach((sender, byStatus) -> byStatus.forEach((status, ids) -> {
            FanoutJob job = event(chatId, sender, status, ids, by, now);
            metrics.count(Metrics.RECEIPT_EVENTS_EMITTED);
            if (cells.relayEvent(job)) {
                return;
            }
            retries.retryLater(job, deliver(job, sentFrom.get(sender)).failed());
        }));
    }

    /**
     * A sender with one device, which sent from a recorded connection, is posted there without a lookup (it is
     * looked up only if that connection is gone); anyone else is looked up.
     */
    private LiveDelivery.Outcome deliver(FanoutJob job, ConnectionRecord sentFrom) {
        boolean single = job.targets().size() == 1 && sentFrom != null
                && job.targets().get(0).deviceId().equals(sentFrom.deviceId());
        return single ? live.deliverVia(job, sentFrom) : live.deliver(job);
    }

    private FanoutJob event(String chatId, String sender, MessageStatus status, List<String> messageIds, String by,
                            long now) {
        ObjectNode frame = ProtocolJson.tree(new ChatFrames.ReceiptEvent(chatId, ChatIds.groupIdOf(chatId).orElse(null),
                List.copyOf(messageIds), status.wire(), by, now), null);
        // Deterministic: each (message, status) completes once, so this id names one event (and its repeats).
        String eventId = Digests.sha256Hex("receipt|" + chatId + "|" + status.wire() + "|"
                + String.join(",", messageIds.stream().sorted().toList()));
        List<FanoutJob.Target> targets = devices.deviceIds(sender).stream()
                .map(d -> new FanoutJob.Target(sender, d)).toList();
        return new FanoutJob(FanoutJob.RECEIPT, chatId, eventId, 0, by, frame, targets);
    }

    static ProtocolException unknown(String id) {
        return new ProtocolException(ErrorCode.UNKNOWN_MESSAGE, "unknown message " + id);
    }
}

package dev.chatline.relay;

import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutService;
import dev.chatline.inbox.InboxStore;
import dev.chatline.messaging.ChatStartListener;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.presence.PresenceNotifier;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.receipts.ReceiptService;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of this cell's relay queue: jobs other cells sent ({@link RelayJob}).
 * <ul>
 *   <li>a message: its replica (so {@code sync} and {@code history} read locally), the target devices' inbox rows,
 *   the chat-start hook of a chat's first message, then delivery as a fan-out job ({@link FanoutService}: live
 *   posts, pushes for offline devices, retries on this cell's fan-out queue);</li>
 *   <li>an event: delivered as a fan-out job (offline devices get it as an inbox event);</li>
 *   <li>a receipt: applied by {@link ReceiptService} as if the reader had sent it here (status only moves forward;
 *   the sender is told, here or through the relay of the sender's cell);</li>
 *   <li>a presence change: posted to the live connections of the subscribers it names (best effort).</li>
 * </ul>
 * Invariant: a job processed twice (a redelivery, a sender's repeat after SQS's deduplication window) leaves the
 * same rows: the replica's put is conditional on its seq, inbox rows are keyed by chat/seq and device, receipt
 * statuses only move forward; live posts may repeat (clients de-duplicate by message id), and a repeat after the
 * recipient acknowledged puts the message back in its {@code sync} set once (acknowledged again, a no-op at the
 * chat's home). Targets whose users moved to another cell are forwarded there first ({@link MovedUserForwarding}).
 * A job that throws is retried by the queue (the record is reported failed); a receipt the home
 * refuses (an unknown message, a non-member) is dropped, since repeating it cannot succeed.
 */
public final class RelayService {
    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);

    private final MessageStore messages;
    private final InboxStore inbox;
    private final ChatStartListener chatStarted;
    private final FanoutService fanout;
    private final ReceiptService receipts;
    private final MovedUserForwarding moved;
    private final PresenceNotifier presence;

    public RelayService(MessageStore messages, InboxStore inbox, ChatStartListener chatStarted, FanoutService fanout,
                        ReceiptService receipts, MovedUserForwarding moved, PresenceNotifier presence) {
        this.presence = presence;
        this.messages = messages;
        this.inbox = inbox;
        this.chatStarted = chatStarted;
        this.fanout = fanout;
        this.receipts = receipts;
        this.moved = moved;
    }

    /** Processes one relay queue message. @throws RuntimeException when the job must be retried */
    public void process(String body) {
        Optional<RelayJob> local = moved.localPart(RelayJob.fromJson(body));
        if (local.isEmpty()) {
            return;
        }
        RelayJob job = local.get();
        switch (job.kind()) {
            case RelayJob.MESSAGE -> message(job);
            case RelayJob.EVENT -> fanout.deliver(job.delivery());
            case RelayJob.PRESENCE -> presence.post(job.presence().change(), job.presence().subscribers());
            default -> receipt(job.receipt());
        }
    }

    private void message(RelayJob job) {
        StoredMessage m = job.message().toMessage();
        MessageStore.InsertOutcome replica = messages.insert(m, List.of());
        if (replica == MessageStore.InsertOutcome.OTHER_CONFLICT) {
            throw new IllegalStateException("replica of " + m.messageId() + " conflicted; retrying the job");
        }
        if (m.seq() == 1) {
            chatStarted.chatStarted(m);
        }
        FanoutJob delivery = job.messageDelivery(m);
        if (delivery.targets().isEmpty()) {
            return; // a replica for the sender's history only
        }
        inbox.addMessage(delivery.targets().stream().map(FanoutJob.Target::device).distinct().toList(), m.ref(),
                m.expiresAt());
        fanout.deliver(delivery);
        LOG.info("relayed message {} seq {} of {} from cell {} to {} devices", m.messageId(), m.seq(), m.chatId(),
                job.fromCell(), delivery.targets().size());
    }

    private void receipt(RelayJob.ForwardedReceipt receipt) {
        try {
            receipts.apply(receipt.reader(), receipt.request());
        } catch (ProtocolException refused) {
            LOG.warn("dropped a relayed receipt in {}: {} {}", receipt.request().chatId(), refused.code(),
                    refused.getMessage());
        }
    }
}

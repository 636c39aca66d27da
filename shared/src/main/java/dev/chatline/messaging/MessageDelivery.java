package dev.chatline.messaging;

import java.util.List;

/**
 * The idempotent tail of storing a message: one inbox row per target device, then the fan-out job (split into
 * several jobs of one FIFO group when the targets do not fit one queue message). Shared by every path that stores
 * a message (sends, group membership changes).
 */
public final class MessageDelivery {
    private final InboxStore inbox;
    private final FanoutQueue queue;

    public MessageDelivery(InboxStore inbox, FanoutQueue queue) {
        this.inbox = inbox;
        this.queue = queue;
    }

    public void deliver(StoredMessage m, List<FanoutJob.Target> targets) {
        inbox.addMessage(targets.stream().map(FanoutJob.Target::deviceKey).toList(), m.ref(), m.expiresAt());
        queue.enqueue(new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets));
    }
}

package dev.chatline.messaging;

import java.util.List;

/**
 * The idempotent tail of storing a message: the chat-start hook for a chat's first message, one inbox row per target
 * device, then the fan-out job (split into several jobs of one FIFO group when the targets do not fit one queue
 * message). A message with per-device envelopes is delivered to its envelopes' devices, each target carrying only
 * its own envelope ({@link DeviceEnvelopes#targets}). Shared by every path that stores a message (sends, group
 * membership changes).
 */
public final class MessageDelivery {
    private final InboxStore inbox;
    private final FanoutQueue queue;
    private final ChatStartListener chatStarted;

    public MessageDelivery(InboxStore inbox, FanoutQueue queue) {
        this(inbox, queue, ChatStartListener.NONE);
    }

    /** @param chatStarted told about each chat's first message (e.g. to record the two users as contacts) */
    public MessageDelivery(InboxStore inbox, FanoutQueue queue, ChatStartListener chatStarted) {
        this.inbox = inbox;
        this.queue = queue;
        this.chatStarted = chatStarted;
    }

    public void deliver(StoredMessage m, List<FanoutJob.Target> deviceTargets) {
        if (m.seq() == 1) {
            chatStarted.chatStarted(m);
        }
        List<FanoutJob.Target> targets = DeviceEnvelopes.targets(m, deviceTargets);
        inbox.addMessage(targets.stream().map(FanoutJob.Target::deviceKey).toList(), m.ref(), m.expiresAt());
        queue.enqueue(new FanoutJob(FanoutJob.MESSAGE, m.chatId(), m.messageId(), m.seq(), m.senderUserId(),
                MessageFrames.message(m), targets));
    }
}

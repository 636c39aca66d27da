package dev.chatline.groups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.Digests;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.send.MessageDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells invited users about their invitation: one {@code groupInvite} frame per change, to every device of every
 * invitee, through the fan-out queue like other events (posted live; stored as an inbox event for an offline device
 * and sent on its next {@code sync}), at least once. The event id is deterministic per (group, seq), so a job
 * enqueued twice by a retried change is de-duplicated by the queue within its window. Invitees served by other
 * cells get it through their cells' relay queues (one job per cell and part, {@link MessageDelivery#relayEvent}),
 * sent before the local job.
 */
final class InviteNotices {
    /** Target devices per queue job (keeps a job far below SQS's 256 KB). */
    static final int TARGETS_PER_JOB = 500;

    private final FanoutQueue queue;
    private final GroupAudience devices;
    private final MessageDelivery cells;

    InviteNotices(FanoutQueue queue, GroupAudience devices, MessageDelivery cells) {
        this.queue = queue;
        this.devices = devices;
        this.cells = cells;
    }

    /**
     * Sends the frame of the invitations a change at {@code seq} made.
     *
     * @param known user → device ids already read (filled with what is read here)
     */
    void invited(String groupId, String groupName, String invitedBy, long seq, long expiresAtMs, List<String> invitees,
                 Map<String, List<String>> known) {
        if (invitees.isEmpty()) {
            return;
        }
        devices.devicesOf(invitees, known);
        List<FanoutJob.Target> targets = new ArrayList<>();
        invitees.forEach(u -> known.getOrDefault(u, List.of()).forEach(d -> targets.add(new FanoutJob.Target(u, d))));
        ObjectNode frame = ProtocolJson.tree(new MembershipFrames.GroupInvite(groupId, ChatIds.group(groupId), groupName,
                invitedBy, expiresAtMs), null);
        String base = Digests.sha256Hex("groupInvite|" + groupId + "|" + seq);
        for (int from = 0, part = 0; from < targets.size(); from += TARGETS_PER_JOB, part++) {
            FanoutJob local = cells.relayEvent(new FanoutJob(FanoutJob.EVENT, ChatIds.group(groupId),
                    base + "-" + part, 0, invitedBy, frame,
                    List.copyOf(targets.subList(from, Math.min(targets.size(), from + TARGETS_PER_JOB)))));
            if (!local.targets().isEmpty()) {
                queue.enqueue(local);
            }
        }
    }
}

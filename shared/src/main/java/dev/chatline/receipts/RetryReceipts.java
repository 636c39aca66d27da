package dev.chatline.receipts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutService;
import dev.chatline.fanout.LiveDelivery;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.Digests;
import dev.chatline.messaging.MessageRef;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A retry receipt ({@code status} {@code retry}): the caller's device could not decrypt these messages (a lost or
 * broken session, a sender key it never got). The messages are checked like any receipt (known ids of the chat,
 * none the caller's own, the caller a member who may see them); then each sender's devices get one
 * {@code retryRequest} event naming the messages and the device that asks, posted live or stored for their
 * {@code sync} (at least once). Nothing is stored about the messages and the caller's inbox rows stay: they go
 * with the {@code delivered} receipt the device sends once a good copy arrived.
 *
 * <p>Across cells: it runs in the chat's home (a reader elsewhere has its retry forwarded there like any receipt,
 * {@link ReceiptRouting#forwardToChatHome}), and a sender homed in another cell gets its event through that cell
 * ({@link ReceiptRouting#relayEvent}), stored for its {@code sync} there if no device is live.
 */
final class RetryReceipts {
    static final String EVENT_TYPE = "retryRequest";

    private final ReceiptStore receipts;
    private final GroupMemberStore members;
    private final DeviceDirectory devices;
    private final LiveDelivery live;
    private final FanoutService retries;
    private final ReceiptRouting cells;

    RetryReceipts(ReceiptStore receipts, GroupMemberStore members, DeviceDirectory devices, LiveDelivery live,
                  FanoutService retries, ReceiptRouting cells) {
        this.cells = cells;
        this.receipts = receipts;
        this.members = members;
        this.devices = devices;
        this.live = live;
        this.retries = retries;
    }

    void apply(Identity caller, String chatId, List<MessageRef> refs, List<String> messageIds, long now) {
        long visibleAfter = visibleAfter(caller, chatId);
        Map<MessageRef, ReceiptStore.Header> headers = receipts.headers(refs);
        Map<String, List<String>> bySender = new LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            ReceiptStore.Header h = headers.get(refs.get(i));
            String id = messageIds.get(i);
            if (h == null || !h.messageId().equals(id) || refs.get(i).seq() <= visibleAfter) {
                throw ReceiptService.unknown(id);
            }
            if (h.senderUserId().equals(caller.userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot ask to retry your own message " + id);
            }
            bySender.computeIfAbsent(h.senderUserId(), s -> new ArrayList<>()).add(id);
        }
        bySender.forEach((sender, ids) -> {
            FanoutJob job = event(chatId, sender, ids, caller, now);
            if (cells.relayEvent(job)) {
                return;
            }
            retries.retryLater(job, live.deliver(job).failed());
        });
    }

    /** The seq after which the caller may see the chat's messages (its group's {@code memberSince}); else FORBIDDEN. */
    private long visibleAfter(Identity caller, String chatId) {
        return ChatIds.groupIdOf(chatId).map(groupId -> members.get(groupId, caller.userId())
                        .filter(m -> m.pendingOp() == null).map(GroupMemberStore.Member::memberSince)
                        .orElseThrow(() -> new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this group")))
                .orElseGet(() -> {
                    if (!ChatIds.isMember(chatId, caller.userId())) {
                        throw new ProtocolException(ErrorCode.FORBIDDEN, "not a member of this chat");
                    }
                    return 0L;
                });
    }

    private FanoutJob event(String chatId, String sender, List<String> messageIds, Identity by, long now) {
        ObjectNode frame = ProtocolJson.tree(new ChatFrames.RetryRequest(chatId, ChatIds.groupIdOf(chatId).orElse(null),
                List.copyOf(messageIds), new ServerFrame.DeviceRef(by.userId(), by.deviceId()), now), null);
        String eventId = Digests.sha256Hex("retry|" + chatId + "|" + by.device().key() + "|"
                + String.join(",", messageIds.stream().sorted().toList()));
        List<FanoutJob.Target> targets = devices.deviceIds(sender).stream()
                .map(d -> new FanoutJob.Target(sender, d)).toList();
        return new FanoutJob(FanoutJob.RECEIPT, chatId, eventId, 0, by.userId(), frame, targets);
    }
}

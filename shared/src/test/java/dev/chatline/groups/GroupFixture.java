package dev.chatline.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.messaging.ChatStore;
import dev.chatline.messaging.DirectAudience;
import dev.chatline.messaging.HistoryService;
import dev.chatline.messaging.SendMessageRequest;
import dev.chatline.messaging.SendService;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.presence.PresenceStore;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.ratelimit.RateLimiter;
import dev.chatline.receipts.ReceiptInfoService;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.UUID;

/** Test-only: the group services wired over a {@link MessagingFixture} (same tables, queue and clock). */
final class GroupFixture {
    final MessagingFixture f;
    final GroupStore groups;
    final GroupMemberStore members;
    final GroupUserStore users;
    final PresenceStore presence;
    final GroupMembership membership;
    final GroupService service;
    final SendService send;
    final ReceiptService receipts;
    final HistoryService history;
    final ReceiptInfoService receiptInfo;

    GroupFixture(MessagingFixture f) {
        this(f, GroupSettings.from(f.env.config));
    }

    /** With these settings (e.g. a smaller transaction, to stage changes of a few users). */
    GroupFixture(MessagingFixture f, GroupSettings settings) {
        this.f = f;
        groups = new GroupStore(f.ddb, f.env.config);
        members = new GroupMemberStore(f.ddb, f.env.config);
        users = new GroupUserStore(f.ddb, f.batch, f.env.config, f.clock);
        presence = new PresenceStore(f.ddb, f.env.config);
        membership = new GroupMembership(members);
        BoundedParallel parallel = new BoundedParallel(8, "test-member-lookup");
        GroupAudience audience = new GroupAudience(new DirectAudience(f.directory, Runnable::run), members,
                f.directory, parallel);
        ChatStore chats = new ChatStore(f.ddb, f.env.config);
        service = new GroupService(new GroupStores(groups, members, users, presence),
                new GroupMessaging(chats, f.messages, f.delivery, f.queue, f.env.settings()), audience,
                f.contacts::startedChatsWith, new RateLimiter(f.ddb, f.env.config, f.clock), settings, f.clock);
        send = new SendService(chats, f.messages, f.idempotency, f.delivery, audience, f.directory,
                new RateLimiter(f.ddb, f.env.config, f.clock), f.env.settings(), f.clock,
                dev.chatline.observability.Metrics.NOOP, Runnable::run, dev.chatline.messaging.MessageAttachments.NONE,
                dev.chatline.messaging.StaleDevices.NONE);
        receipts = new ReceiptService(f.receipts, members, f.inbox, f.directory, f.live, f.fanout, f.clock,
                dev.chatline.observability.Metrics.NOOP, new dev.chatline.presence.BoundedParallel(8, "test-receipts"));
        history = new HistoryService(f.messages, membership, f.receipts);
        receiptInfo = new ReceiptInfoService(f.messages, f.receipts, membership, membership);
    }

    /** Creates a group of {@code creator} with {@code userIds}; returns the groupInfo reply. */
    JsonNode create(Identity creator, String name, List<String> userIds) {
        return Json.read(ProtocolJson.encode(service.create(creator, name, userIds, null)));
    }

    /** Sends a text to the group and returns the ack. */
    JsonNode sendToGroup(Identity from, String groupId, String body) {
        return Json.read(ProtocolJson.encode(
                send.send(from, SendMessageRequest.toGroup(UUID.randomUUID().toString(), groupId, body,
                null))));
    }

    JsonNode history(Identity caller, String groupId) {
        return Json.read(ProtocolJson.encode(history.history(caller, "g:" + groupId, java.util.OptionalLong.empty(),
                100)));
    }
}

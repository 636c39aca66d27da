package dev.chatline.groups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.history.HistoryService;
import dev.chatline.presence.PresenceStore;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import dev.chatline.receipts.ReceiptInfoService;
import dev.chatline.receipts.ReceiptService;
import dev.chatline.send.SendService;
import dev.chatline.testing.MessagingFixture;
import java.util.List;
import java.util.UUID;

/** Test-only: the group services of a {@link MessagingFixture}'s production graph, and the group stores. */
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

    /** The group services of the fixture's production graph (settings from its configuration). */
    GroupFixture(MessagingFixture f) {
        this.f = f;
        groups = new GroupStore(f.ddb, f.env.config);
        members = new GroupMemberStore(f.ddb, f.env.config);
        users = new GroupUserStore(f.ddb, f.batch, f.env.config, f.clock);
        presence = new PresenceStore(f.ddb, f.env.config);
        membership = f.graph.membership();
        service = f.graph.groupService();
        send = f.send;
        receipts = f.receiptService;
        history = f.history;
        receiptInfo = f.graph.receiptInfoService();
    }

    /** Creates a group of {@code creator} with {@code userIds}; returns the groupInfo reply. */
    JsonNode create(Identity creator, String name, List<String> userIds) {
        return Json.read(ProtocolJson.encode(service.create(creator, name, userIds, null)));
    }

    /** Sends a text to the group and returns the ack. */
    JsonNode sendToGroup(Identity from, String groupId, String body) {
        return Json.read(ProtocolJson.encode(
                send.send(from, SendMessage.toGroup(UUID.randomUUID().toString(), groupId, body,
                null))));
    }

    JsonNode history(Identity caller, String groupId) {
        return Json.read(ProtocolJson.encode(history.history(caller, "g:" + groupId, java.util.OptionalLong.empty(),
                100)));
    }
}

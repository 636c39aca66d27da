package dev.chatline.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.SendMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds client frames the way an app does: from the protocol module's records, encoded by its one binding
 * ({@link ProtocolJson}), so a builder here cannot drift from the protocol. The frames come back as JSON trees that
 * callers may still change (a {@code requestId}, an {@code opId}, or a deliberately broken field). Parses server
 * frames with the product's Jackson.
 */
public final class Frames {
    private Frames() {
    }

    /** A client message as the JSON tree of its frame (no requestId). */
    public static ObjectNode of(ClientMessage message) {
        return (ObjectNode) Json.read(ProtocolJson.encode(message, null));
    }

    public static ObjectNode sendMessage(String clientMsgId, String to, String body) {
        return of(SendMessage.direct(clientMsgId, to, body, "text/plain"));
    }

    public static ObjectNode sendToGroup(String clientMsgId, String groupId, String body) {
        return of(SendMessage.toGroup(clientMsgId, groupId, body, null));
    }

    public static ObjectNode groupCreate(String name, List<String> userIds) {
        return of(new GroupActions.GroupCreate(null, name, userIds));
    }

    /**
     * {@code groupAdd} (userIds), {@code groupRemove} / {@code groupAdmin} (one userId), or {@code groupLeave},
     * {@code groupAccept}, {@code groupDecline}, {@code groupInfo} (no user).
     */
    public static ObjectNode groupChange(String action, String groupId, List<String> userIds) {
        return of(switch (action) {
            case GroupActions.GroupAdd.ACTION -> new GroupActions.GroupAdd(null, groupId, userIds);
            case GroupActions.GroupRemove.ACTION -> new GroupActions.GroupRemove(null, groupId, userIds.get(0));
            case GroupActions.GroupAdmin.ACTION -> new GroupActions.GroupAdmin(null, groupId, userIds.get(0));
            case GroupActions.GroupLeave.ACTION -> new GroupActions.GroupLeave(null, groupId);
            case GroupActions.GroupAccept.ACTION -> new GroupActions.GroupAccept(null, groupId);
            case GroupActions.GroupDecline.ACTION -> new GroupActions.GroupDecline(groupId);
            case GroupActions.GroupInfo.ACTION -> new GroupActions.GroupInfo(groupId);
            default -> throw new IllegalArgumentException("not a group action: " + action);
        });
    }

    public static ObjectNode receipt(String chatId, String status, List<String> messageIds) {
        return of(new ClientMessage.Receipt(chatId, messageIds, status));
    }

    public static ObjectNode sync(String cursor) {
        return of(new ClientMessage.Sync(cursor));
    }

    public static ObjectNode history(String chatId, Long beforeSeq, Integer limit) {
        return of(new ClientMessage.History(chatId, beforeSeq, limit == null ? null : limit.longValue()));
    }

    public static ObjectNode keysFetch(String userId) {
        return of(new ClientMessage.KeysFetch(userId, null));
    }

    public static ObjectNode keysCount() {
        return of(new ClientMessage.KeysCount());
    }

    public static ObjectNode groupList() {
        return of(new GroupActions.GroupList(null, null));
    }

    public static ObjectNode groupInfo(String groupId) {
        return of(new GroupActions.GroupInfo(groupId));
    }

    public static ObjectNode mediaDownload(String mediaId) {
        return of(new ClientMessage.MediaDownload(mediaId));
    }

    public static ObjectNode mediaUpload(String contentType, long size, String sha256) {
        return of(new ClientMessage.MediaUpload(contentType, size, sha256));
    }

    public static ObjectNode receiptInfo(String chatId, String messageId) {
        return of(new ClientMessage.ReceiptInfo(chatId, messageId));
    }

    public static ObjectNode presenceSubscribe(List<String> userIds) {
        return of(new ClientMessage.PresenceSubscribe(userIds));
    }

    public static ObjectNode registerPush(String platform, String token) {
        return of(new ClientMessage.RegisterPush(platform, token));
    }

    /** {@code settings}: {@code lastSeen} and/or {@code groupAdd} (null: left as it is). */
    public static ObjectNode settings(String lastSeen, String groupAdd) {
        return of(new ClientMessage.Settings(lastSeen, groupAdd));
    }

    /**
     * A frame with only {@code action}, for callers that add the fields themselves: the generic escape hatch for
     * frames a test shapes on purpose (prefer {@link #of(ClientMessage)} for well-formed ones).
     */
    public static ObjectNode action(String action) {
        ObjectNode f = Json.object();
        f.put("action", action);
        return f;
    }

    public static String newClientMsgId() {
        return UUID.randomUUID().toString();
    }

    /** The direct chat id: both user ids in ASCII order. */
    public static String directChat(String a, String b) {
        return a.compareTo(b) < 0 ? "d:" + a + ":" + b : "d:" + b + ":" + a;
    }

    public static JsonNode parse(String frame) {
        return Json.read(frame);
    }

    public static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

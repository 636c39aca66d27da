package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.e2e.Frames;
import dev.chatline.protocol.Json;
import dev.chatline.testing.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The real state the fuzzer starts every frame from, so a mutated frame reaches deep into the handlers instead of
 * failing the first check: the attacker mallory with a direct chat with bob (a message each way), a group with bob
 * and carol (a message from bob), a scratch group for the destructive group actions (rebuilt whenever one of them
 * succeeded), an uploaded media item, keys of bob to fetch, and a sync cursor. Apart, the victims victor and vera:
 * their direct chat, their group, their media and keys — ids the fuzzer puts into mallory's frames
 * ({@link #foreignIds()}) and state that must not change ({@link VictimSnapshot}).
 */
final class FuzzWorld implements AutoCloseable {
    /** Every action of the protocol (protocol.md) and one no route knows ({@code $default}). */
    static final List<String> ACTIONS = List.of("sendMessage", "receipt", "receiptInfo", "sync", "history",
            "groupCreate", "groupAdd", "groupRemove", "groupAdmin", "groupLeave", "groupAccept", "groupDecline",
            "groupInfo", "groupList",
            "presenceSubscribe", "settings", "keysUpload", "keysFetch", "keysCount", "mediaUpload", "mediaDownload",
            "registerPush", "heartbeat", "fly");
    private static final String SHA256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";

    private Peer mallory;
    final Peer bob;
    final String carol;
    final String dave;
    final String victor;
    final String vera;
    private final Harness harness;
    private final ObjectNode keys = TestKeys.upload(TestKeys.ecKey(), 1, 1);
    private String direct;
    private String groupId;
    private String scratchGroupId;
    private String ownMessage;
    private String bobsMessage;
    private String groupMessage;
    private String mediaId;
    private String cursor;
    private Victims victims;

    /** The victims' ids: their direct chat, group, messages (with their chats) and media. */
    record Victims(String directChat, String groupId, List<String> directMessages, String groupMessage,
                   String mediaId) {
    }

    FuzzWorld(Harness harness) throws InterruptedException {
        this.harness = harness;
        this.carol = harness.user("carol");
        this.dave = harness.user("dave");
        this.victor = harness.user("victor");
        this.vera = harness.user("vera");
        buildVictims();
        for (String user : List.of(carol, dave)) {
            harness.connect(user, "phone").close();
        }
        this.mallory = harness.connect(harness.user("mallory"), "phone");
        this.bob = harness.connect(harness.user("bob"), "phone");
        build();
        harness.awaitQuiet();
    }

    private void buildVictims() throws InterruptedException {
        try (Peer victorPhone = harness.connect(victor, "phone"); Peer veraPhone = harness.connect(vera, "phone")) {
            String media = ok(victorPhone, mediaUpload()).path("mediaId").asText();
            ObjectNode withMedia = Frames.sendMessage(Frames.newClientMsgId(), vera, "secret");
            withMedia.putArray("mediaIds").add(media);
            String m1 = ok(victorPhone, withMedia).path("messageId").asText();
            String m2 = ok(veraPhone, Frames.sendMessage(Frames.newClientMsgId(), victor, "reply"))
                    .path("messageId").asText();
            JsonNode group = ok(victorPhone, Frames.groupCreate("victims", List.of(vera)));
            String g = group.path("groupId").asText();
            String m3 = ok(victorPhone, Frames.sendToGroup(Frames.newClientMsgId(), g, "group secret"))
                    .path("messageId").asText();
            ok(victorPhone, TestKeys.upload(TestKeys.ecKey(), 1, 2));
            victims = new Victims(Frames.directChat(victor, vera), g, List.of(m1, m2), m3, media);
        }
    }

    private void build() throws InterruptedException {
        ok(bob, TestKeys.upload(TestKeys.ecKey(), 1, 30));
        direct = Frames.directChat(mallory.userId, bob.userId);
        ownMessage = ok(mallory, Frames.sendMessage(Frames.newClientMsgId(), bob.userId, "hi"))
                .path("messageId").asText();
        bobsMessage = ok(bob, Frames.sendMessage(Frames.newClientMsgId(), mallory.userId, "hello"))
                .path("messageId").asText();
        groupId = ok(mallory, Frames.groupCreate("fuzz", List.of(bob.userId, carol))).path("groupId").asText();
        groupMessage = ok(bob, Frames.sendToGroup(Frames.newClientMsgId(), groupId, "group hello"))
                .path("messageId").asText();
        mediaId = ok(mallory, mediaUpload()).path("mediaId").asText();
        ok(mallory, keys.deepCopy());
        rebuildScratchGroup();
        harness.awaitQuiet();
        cursor = ok(mallory, Frames.sync(null)).path("cursor").asText();
    }

    /** A fresh scratch group (mallory admin, bob, dave): after a groupLeave or groupRemove went through. */
    void rebuildScratchGroup() throws InterruptedException {
        scratchGroupId = ok(mallory, Frames.groupCreate("scratch", List.of(bob.userId, dave))).path("groupId")
                .asText();
    }

    /** The attacker's connection. */
    Peer mallory() {
        return mallory;
    }

    /** A new connection for the attacker (after the old one was dropped). */
    Peer reconnectMallory() {
        mallory.close();
        mallory = harness.connect(mallory.userId, mallory.deviceId);
        return mallory;
    }

    Victims victims() {
        return victims;
    }

    /** Values of other users' resources, by the field that names such a resource. */
    Map<String, List<JsonNode>> foreignIds() {
        Victims v = victims;
        return Map.of(
                "chatId", List.of(text(v.directChat()), text("g:" + v.groupId())),
                "messageIds", List.of(array(v.directMessages().get(0)), array(v.groupMessage())),
                "messageId", List.of(text(v.directMessages().get(0)), text(v.directMessages().get(1))),
                "groupId", List.of(text(v.groupId())),
                "mediaId", List.of(text(v.mediaId())),
                "mediaIds", List.of(array(v.mediaId())));
    }

    /** A valid frame of {@code action} with real ids (a variant chosen by {@code random}). */
    ObjectNode seed(String action, Random random) {
        return switch (action) {
            case "sendMessage" -> sendMessage(random.nextInt(4));
            case "receipt" -> random.nextBoolean()
                    ? Frames.receipt(direct, random.nextBoolean() ? "delivered" : "read", List.of(bobsMessage))
                    : Frames.receipt("g:" + groupId, "delivered", List.of(groupMessage));
            case "receiptInfo" -> Frames.action(action).put("chatId", direct).put("messageId", ownMessage);
            case "sync" -> random.nextBoolean() ? Frames.sync(null) : Frames.sync(cursor);
            case "history" -> Frames.history(random.nextBoolean() ? direct : "g:" + groupId, 5L, 10);
            case "groupCreate" -> Frames.groupCreate("fuzz group", List.of(bob.userId, carol));
            case "groupAdd" -> Frames.groupChange(action, scratchGroupId, List.of(dave));
            case "groupRemove" -> Frames.groupChange(action, scratchGroupId, List.of(dave));
            case "groupAdmin" -> Frames.groupChange(action, scratchGroupId, List.of(bob.userId));
            case "groupLeave" -> Frames.groupChange(action, scratchGroupId, List.of());
            case "groupAccept" -> Frames.action(action).put("opId", Frames.newClientMsgId())
                    .put("groupId", random.nextBoolean() ? scratchGroupId : victims.groupId());
            case "groupDecline" -> Frames.action(action).put("groupId", scratchGroupId);
            case "groupInfo" -> Frames.action(action).put("groupId", groupId);
            case "presenceSubscribe" -> {
                ObjectNode f = Frames.action(action);
                f.putArray("userIds").add(bob.userId).add(carol);
                yield f;
            }
            case "settings" -> random.nextBoolean() ? Frames.action(action).put("lastSeen", "everyone")
                    : Frames.action(action).put("groupAdd", "contacts");
            case "keysUpload" -> keys.deepCopy();
            case "keysFetch" -> random.nextBoolean() ? Frames.action(action).put("userId", bob.userId)
                    : Frames.action(action).put("userId", bob.userId).put("deviceId", "phone");
            case "mediaUpload" -> mediaUpload();
            case "mediaDownload" -> Frames.action(action).put("mediaId", mediaId);
            case "registerPush" -> Frames.action(action).put("platform", "android").put("token", "token-fuzz");
            default -> Frames.action(action); // groupList, keysCount, heartbeat, and the unknown action
        };
    }

    private ObjectNode sendMessage(int variant) {
        String clientMsgId = Frames.newClientMsgId();
        return switch (variant) {
            case 0 -> Frames.sendMessage(clientMsgId, bob.userId, "fuzz");
            case 1 -> Frames.sendToGroup(clientMsgId, groupId, "fuzz");
            case 2 -> {
                ObjectNode f = Frames.sendMessage(clientMsgId, bob.userId, "fuzz");
                f.putArray("mediaIds").add(mediaId);
                yield f;
            }
            default -> {
                ObjectNode f = Frames.action("sendMessage").put("clientMsgId", clientMsgId).put("to", bob.userId)
                        .put("contentType", "signal/text");
                f.putArray("envelopes").addObject().put("userId", bob.userId).put("deviceId", "phone")
                        .put("type", "message").put("body", "Zm96eg==");
                yield f;
            }
        };
    }

    private static ObjectNode mediaUpload() {
        return Frames.action("mediaUpload").put("contentType", "image/jpeg").put("size", 1234).put("sha256", SHA256);
    }

    private static JsonNode text(String value) {
        return Json.MAPPER.getNodeFactory().textNode(value);
    }

    private static JsonNode array(String value) {
        return Json.MAPPER.createArrayNode().add(value);
    }

    private JsonNode ok(Peer peer, ObjectNode frame) throws InterruptedException {
        JsonNode reply = peer.request(frame, Harness.TIMEOUT);
        if (reply == null || Frames.isType(reply, "error") || !reply.has("type")) {
            throw new IllegalStateException("fuzz setup: " + frame.path("action").asText() + " failed: " + reply);
        }
        return reply;
    }

    @Override
    public void close() {
        mallory.close();
        bob.close();
    }
}

package dev.chatline.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DecryptionException.Reason;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.Envelope;
import dev.chatline.client.transport.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Handles the frames the server pushes (on the dispatch thread, in order): decrypts {@code message} frames
 * (pairwise envelopes and sender-key group ciphertexts), stores sender keys from distribution messages, reports
 * receipts, presence and identity changes to the {@link ChatListener}, and acknowledges each handled message with a
 * {@code delivered} receipt (so it leaves this device's inbox). A group message whose sender key has not arrived yet
 * (it travels in another chat, so it may come later) is kept and decrypted when the key arrives; it is not
 * acknowledged until then. Delivery is at least once: a message seen before is acknowledged again and ignored.
 */
final class IncomingHandler implements Consumer<JsonNode> {
    private static final int SEEN_LIMIT = 10_000;

    private final DeviceContext ctx;
    private final ChatListener listener;
    private final Runnable onPreKeyMessage;
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_LIMIT;
        }
    });
    private final Map<String, JsonNode> waitingForSenderKey = new LinkedHashMap<>();

    IncomingHandler(DeviceContext ctx, ChatListener listener, Runnable onPreKeyMessage) {
        this.ctx = ctx;
        this.listener = listener;
        this.onPreKeyMessage = onPreKeyMessage;
    }

    @Override
    public void accept(JsonNode frame) {
        switch (frame.path("type").asText()) {
            case "message" -> onMessage(frame);
            case "receipt" -> {
                List<String> ids = new ArrayList<>();
                frame.path("messageIds").forEach(id -> ids.add(id.asText()));
                listener.onReceipt(frame.path("chatId").asText(), ids, frame.path("status").asText(),
                        frame.path("by").asText());
            }
            case "presence" -> frame.path("users").forEach(u -> listener.onPresence(u.path("userId").asText(),
                    u.path("online").asBoolean(), u.has("lastSeen") ? u.path("lastSeen").asLong() : null));
            case "identityChanged" -> onIdentityChanged(frame);
            default -> listener.onOtherFrame(frame);
        }
    }

    private void onMessage(JsonNode frame) {
        String messageId = frame.path("messageId").asText();
        JsonNode fromNode = frame.path("from");
        DeviceAddress from = new DeviceAddress(fromNode.path("userId").asText(), fromNode.path("deviceId").asText());
        if (!seen.contains(messageId)) {
            try {
                if (frame.has("envelope")) {
                    onEnvelope(frame, from);
                } else if (GroupSender.GROUP.equals(frame.path("contentType").asText())) {
                    byte[] plaintext = ctx.locked(() -> ctx.senderKeys.decrypt(from, frame.path("body").asText()));
                    deliver(frame, from, plaintext);
                } else {
                    listener.onOtherFrame(frame); // a plain body: not end-to-end encrypted by this client
                }
            } catch (DecryptionException e) {
                if (e.reason() == Reason.MISSING_SENDER_KEY) {
                    waitingForSenderKey.put(messageId, frame); // not acknowledged: it stays in the inbox
                    return;
                }
                if (e.reason() != Reason.DUPLICATE) {
                    listener.onDecryptionFailure(messageId, e);
                }
            }
            seen.add(messageId);
        }
        acknowledge(frame, from);
    }

    private void onEnvelope(JsonNode frame, DeviceAddress from) throws DecryptionException {
        JsonNode envelope = frame.path("envelope");
        String type = envelope.path("type").asText();
        byte[] plaintext = ctx.locked(() -> ctx.pairwise.decrypt(from, type, envelope.path("body").asText()));
        if (Envelope.PREKEY.equals(type)) {
            onPreKeyMessage.run();
        }
        if (GroupSender.SKDM.equals(frame.path("contentType").asText())) {
            ctx.locked(() -> {
                ctx.senderKeys.process(from, plaintext);
                return null;
            });
            List<JsonNode> retry = new ArrayList<>(waitingForSenderKey.values());
            waitingForSenderKey.clear();
            retry.forEach(this::onMessage);
            return;
        }
        deliver(frame, from, plaintext);
    }

    private void deliver(JsonNode frame, DeviceAddress from, byte[] plaintext) throws DecryptionException {
        Content content;
        try {
            content = Content.fromBytes(plaintext);
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(from, Reason.NOT_A_MESSAGE, "decrypted, but not a chatline message", e);
        }
        String groupId = frame.hasNonNull("groupId") ? frame.get("groupId").asText() : null;
        listener.onMessage(new IncomingMessage(frame.path("messageId").asText(), frame.path("chatId").asText(),
                groupId, frame.path("seq").asLong(), from, content, frame.path("serverTs").asLong()));
    }

    /** The device re-registered with a new identity: its old session is useless, and it needs our sender keys. */
    private void onIdentityChanged(JsonNode frame) {
        DeviceAddress device = new DeviceAddress(Json.text(frame, "userId"), Json.text(frame, "deviceId"));
        ctx.locked(() -> {
            ctx.pairwise.deleteSession(device);
            return null;
        });
        ctx.contacts.addDevice(device);
        ctx.contacts.forgetSenderKeysSentTo(device);
        listener.onIdentityChanged(device);
    }

    /** Copies of this user's own messages need no receipt (the server refuses one). */
    private void acknowledge(JsonNode frame, DeviceAddress from) {
        if (from.userId().equals(ctx.self().userId())) {
            return;
        }
        ctx.socket().request(Json.action("receipt").put("chatId", frame.path("chatId").asText())
                .put("status", "delivered").set("messageIds", Json.MAPPER.createArrayNode()
                        .add(frame.path("messageId").asText()))).exceptionally(e -> null);
    }
}

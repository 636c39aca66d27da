package dev.chatline.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.transport.Json;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a {@code retryRequest} (a device could not decrypt messages this device sent): for a 1:1 message the
 * session with the asking device is dropped and rebuilt from a fresh bundle; for a group message the asking device
 * is marked as lacking this device's sender key (so the key goes to it again, also when it is a device this one
 * had never heard of: a member's new device). Then the message is sent again as a new message whose content names
 * the original ({@code resendOf}); devices that had decrypted the original drop the copy. Runs off the dispatch
 * thread (it waits for the server).
 */
final class Resender {
    private static final Logger LOG = Logger.getLogger(Resender.class.getName());

    private final DeviceContext ctx;
    private final SentCache sent;
    private final EnvelopeSender envelopes;
    private final GroupSender groups;

    Resender(DeviceContext ctx, SentCache sent, EnvelopeSender envelopes, GroupSender groups) {
        this.ctx = ctx;
        this.sent = sent;
        this.envelopes = envelopes;
        this.groups = groups;
    }

    void onRetryRequest(JsonNode frame) {
        DeviceAddress asking = new DeviceAddress(Json.text(frame.path("by"), "userId"), Json.text(frame.path("by"),
                "deviceId"));
        for (JsonNode id : frame.path("messageIds")) {
            sent.get(id.asText()).ifPresentOrElse(m -> resend(id.asText(), m, asking),
                    () -> LOG.fine("retry request for a message no longer kept: " + id.asText()));
        }
    }

    private void resend(String messageId, SentCache.Sent m, DeviceAddress asking) {
        try {
            Content again = m.content().asResendOf(messageId);
            String clientMsgId = UUID.nameUUIDFromBytes(("resend:" + messageId + ":" + asking.name())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(); // a repeated request: one resend
            if (m.groupId() == null) {
                ctx.locked(() -> {
                    ctx.pairwise.deleteSession(asking);
                    return null;
                });
                ctx.establishSessions(asking.userId(), asking.deviceId());
                envelopes.send(m.to(), clientMsgId, null, again.toBytes(), m.mediaIds());
            } else {
                ctx.contacts.addDevice(asking);
                ctx.contacts.forgetSenderKeysSentTo(asking);
                groups.send(m.groupId(), clientMsgId, again.toBytes(), m.mediaIds());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not answer a retry request for " + messageId, e);
        }
    }
}

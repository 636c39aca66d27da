package dev.chatline.client;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.protocol.ChatFrames;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a {@code retryRequest} (a device could not decrypt messages this device sent): for a 1:1 message the
 * session with the asking device is dropped and rebuilt from a fresh bundle; for a group message the asking device
 * is marked as lacking this device's sender key (so the key goes to it again, also when it is a device this one
 * had never heard of: a member's new device, once its user's signed device list names it). Then the message is sent
 * again as a new message whose content names the original ({@code resendOf}); devices that had decrypted the
 * original drop the copy. Runs off the dispatch thread (it waits for the server).
 *
 * <p>Each (message, asking device) is answered once: a recipient that repeats its requests, or a server that
 * replays them, cannot make this device fetch keys and send again and again. A device its user's list does not
 * name gets nothing (a retry request must not make an injected device known).
 */
final class Resender {
    private static final Logger LOG = Logger.getLogger(Resender.class.getName());

    private final DeviceContext ctx;
    private final SentCache sent;
    private final EnvelopeSender envelopes;
    private final GroupSender groups;
    /** (message id, asking device) pairs answered already; the oldest are forgotten past {@link #ANSWERED}. */
    private final java.util.Set<String> answered = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > ANSWERED;
                }
            });
    /** How many answered requests are remembered: twice the sent messages kept ({@link SentCache}). */
    static final int ANSWERED = 1_000;

    Resender(DeviceContext ctx, SentCache sent, EnvelopeSender envelopes, GroupSender groups) {
        this.ctx = ctx;
        this.sent = sent;
        this.envelopes = envelopes;
        this.groups = groups;
    }

    void onRetryRequest(ChatFrames.RetryRequest frame) {
        DeviceAddress asking = new DeviceAddress(frame.by().userId(), frame.by().deviceId());
        for (String id : frame.messageIds()) {
            sent.get(id).ifPresentOrElse(m -> resend(id, m, asking),
                    () -> LOG.fine("retry request for a message no longer kept: " + id));
        }
    }

    private void resend(String messageId, SentCache.Sent m, DeviceAddress asking) {
        String request = messageId + "|" + asking.name();
        synchronized (answered) {
            if (!answered.add(request)) {
                LOG.fine("retry request for " + messageId + " from " + asking + " was answered already");
                return;
            }
        }
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
                if (!ctx.contacts.devices(asking.userId()).contains(asking)) {
                    ctx.refreshDevices(asking.userId()); // a new device becomes known only through the signed list
                }
                if (!ctx.contacts.devices(asking.userId()).contains(asking)
                        && ctx.contacts.accountKey(asking.userId()).isPresent()) {
                    LOG.warning("retry request from " + asking + ", which is not on its user's device list: ignored");
                    return;
                }
                ctx.contacts.addDevice(asking);
                ctx.contacts.forgetSenderKeysSentTo(asking);
                groups.send(m.groupId(), clientMsgId, again.toBytes(), m.mediaIds());
            }
        } catch (RuntimeException e) {
            synchronized (answered) {
                answered.remove(request); // not answered: a repeated request may try again
            }
            LOG.log(Level.WARNING, "could not answer a retry request for " + messageId, e);
        }
    }
}

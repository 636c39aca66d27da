package dev.chatline.client;

import dev.chatline.client.session.DeviceAddress;
import dev.chatline.client.session.EncryptedEnvelope;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.SendMessage;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.protocol.ServerFrame.DeviceRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.signal.libsignal.protocol.NoSessionException;

/**
 * Sends one 1:1 message as per-device envelopes: one for every device of the recipient and every other device of
 * the sender, each encrypted with that device's pairwise session (built from a fetched bundle when missing). When
 * the server answers {@code DEVICE_MISMATCH}, the named extra devices are forgotten, sessions are built for the
 * missing ones, and the send is retried with the same {@code clientMsgId} (nothing was stored), re-using the
 * envelopes of the unchanged devices. {@code STALE_DEVICES} (a device re-registered since this device's session
 * with it was built): those sessions are dropped, rebuilt from fresh bundles, and only their envelopes encrypted
 * again before the retry.
 */
final class EnvelopeSender {
    private static final int MAX_ATTEMPTS = 4;
    private static final Set<String> RETRIED = Set.of("DEVICE_MISMATCH", "STALE_DEVICES");
    private final DeviceContext ctx;

    EnvelopeSender(DeviceContext ctx) {
        this.ctx = ctx;
    }

    /** Encrypts {@code plaintext} for every device of {@code to} and this user's other devices; returns the ack. */
    SentMessage send(String to, String clientMsgId, String contentType, byte[] plaintext, List<String> mediaIds) {
        if (!ctx.contacts.knows(to)) {
            ctx.contacts.takeStale(to);
            ctx.establishSessions(to, null);
        } else if (ctx.contacts.takeStale(to)) {
            ctx.refreshDevices(to);
        }
        if (!to.equals(ctx.self().userId()) && ctx.contacts.takeStale(ctx.self().userId())) {
            ctx.refreshDevices(ctx.self().userId());
        }
        Set<DeviceAddress> targets = new LinkedHashSet<>(ctx.contacts.devices(to));
        ctx.contacts.devices(ctx.self().userId()).stream().filter(d -> !d.equals(ctx.self())).forEach(targets::add);
        Map<DeviceAddress, EncryptedEnvelope> envelopes = new TreeMap<>();
        for (int attempt = 1; ; attempt++) {
            encryptMissing(targets, envelopes, plaintext);
            SendMessage frame = new SendMessage(clientMsgId, to, null, null, contentType,
                    envelopes.values().stream().map(EncryptedEnvelope::toWire).toList(), mediaIds);
            try {
                return SentMessage.of(clientMsgId, ctx.call(frame, Acks.SendMessageAck.class));
            } catch (ServerErrorException e) {
                if (!RETRIED.contains(e.code()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                if ("STALE_DEVICES".equals(e.code())) {
                    renew(e.devices(ServerFrame.Error::staleDevices), envelopes);
                } else {
                    adjust(e, targets, envelopes);
                }
            }
        }
    }

    private void encryptMissing(Set<DeviceAddress> targets, Map<DeviceAddress, EncryptedEnvelope> envelopes,
            byte[] plaintext) {
        List<DeviceAddress> todo = targets.stream().filter(d -> !envelopes.containsKey(d)).toList();
        for (DeviceAddress device : todo) {
            if (!ctx.locked(() -> ctx.pairwise.hasSession(device))) {
                ctx.establishSessions(device.userId(), device.deviceId());
            }
        }
        ctx.locked(() -> {
            for (DeviceAddress device : todo) {
                try {
                    envelopes.put(device, ctx.pairwise.encrypt(device, plaintext));
                } catch (NoSessionException e) {
                    throw new IllegalStateException("no session with " + device + " after fetching its keys", e);
                }
            }
            return null;
        });
    }

    private void adjust(ServerErrorException mismatch, Set<DeviceAddress> targets,
                        Map<DeviceAddress, EncryptedEnvelope> envelopes) {
        for (DeviceAddress extra : devices(mismatch.devices(ServerFrame.Error::extraDevices))) {
            targets.remove(extra);
            envelopes.remove(extra);
            ctx.contacts.removeDevice(extra);
            ctx.locked(() -> {
                ctx.pairwise.deleteSession(extra);
                return null;
            });
        }
        for (DeviceAddress missing : devices(mismatch.devices(ServerFrame.Error::missingDevices))) {
            if (!missing.equals(ctx.self())) {
                ctx.contacts.addDevice(missing);
                targets.add(missing);
            }
        }
    }

    /** The named devices re-registered: their sessions are useless; new ones are built when re-encrypting. */
    private void renew(List<DeviceRef> stale, Map<DeviceAddress, EncryptedEnvelope> envelopes) {
        for (DeviceAddress device : devices(stale)) {
            envelopes.remove(device);
            ctx.locked(() -> {
                ctx.pairwise.deleteSession(device);
                return null;
            });
        }
    }

    private static List<DeviceAddress> devices(List<DeviceRef> list) {
        return list.stream().map(d -> new DeviceAddress(d.userId(), d.deviceId())).toList();
    }
}

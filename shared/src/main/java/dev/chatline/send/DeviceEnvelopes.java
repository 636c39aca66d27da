package dev.chatline.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.DeviceRef;
import dev.chatline.auth.Identity;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.Envelope;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-device envelopes of a 1:1 {@code sendMessage} (as Signal-Server's 409 device check): the set must name
 * exactly the recipient's registered devices and the sender's other devices, otherwise the send is refused with
 * {@code DEVICE_MISMATCH} naming the missing and the extra devices. A stored message's envelopes are then its
 * delivery targets, each carrying only its own envelope.
 */
public final class DeviceEnvelopes {
    private DeviceEnvelopes() {
    }

    /** @throws ProtocolException {@link ErrorCode#DEVICE_MISMATCH} unless the envelopes cover exactly the expected devices */
    public static void check(Identity sender, String to, List<String> recipientDevices, List<String> senderDevices,
                             List<Envelope> envelopes) {
        Set<DeviceRef> expected = new LinkedHashSet<>();
        recipientDevices.forEach(d -> expected.add(new DeviceRef(to, d)));
        senderDevices.stream().filter(d -> !d.equals(sender.deviceId()))
                .forEach(d -> expected.add(new DeviceRef(sender.userId(), d)));
        Set<DeviceRef> given = new LinkedHashSet<>();
        envelopes.forEach(e -> given.add(e.device()));
        List<DeviceRef> missing = expected.stream().filter(d -> !given.contains(d)).toList();
        List<Envelope> extra = envelopes.stream().filter(e -> !expected.contains(e.device())).toList();
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        ObjectNode details = Json.object();
        ArrayNode missingNode = details.putArray("missingDevices");
        missing.forEach(d -> missingNode.addObject().put("userId", d.userId()).put("deviceId", d.deviceId()));
        ArrayNode extraNode = details.putArray("extraDevices");
        extra.forEach(e -> extraNode.addObject().put("userId", e.userId()).put("deviceId", e.deviceId()));
        throw new ProtocolException(ErrorCode.DEVICE_MISMATCH, "envelopes must cover exactly the recipient's devices"
                + " and your other devices: " + missing.size() + " missing, " + extra.size() + " extra", null, details);
    }

    /** The stored form: payload by device. */
    public static Map<DeviceRef, Envelope.Payload> byDevice(List<Envelope> envelopes) {
        Map<DeviceRef, Envelope.Payload> out = new LinkedHashMap<>();
        envelopes.forEach(e -> out.put(e.device(), e.payload()));
        return out;
    }

    /** Delivery targets of a stored message: its envelopes' devices, each with its envelope; else {@code devices}. */
    public static List<FanoutJob.Target> targets(StoredMessage m, List<FanoutJob.Target> devices) {
        if (!m.hasEnvelopes()) {
            return devices;
        }
        List<FanoutJob.Target> out = new ArrayList<>();
        m.envelopes().forEach((device, payload) ->
                out.add(new FanoutJob.Target(device.userId(), device.deviceId(), payload)));
        return out;
    }
}

package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
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
        Set<String> expected = new LinkedHashSet<>();
        recipientDevices.forEach(d -> expected.add(to + "#" + d));
        senderDevices.stream().filter(d -> !d.equals(sender.deviceId()))
                .forEach(d -> expected.add(sender.userId() + "#" + d));
        Map<String, Envelope> given = new LinkedHashMap<>();
        envelopes.forEach(e -> given.put(e.deviceKey(), e));
        List<String[]> missing = new ArrayList<>();
        expected.stream().filter(k -> !given.containsKey(k)).forEach(k -> missing.add(split(k)));
        List<Envelope> extra = envelopes.stream().filter(e -> !expected.contains(e.deviceKey())).toList();
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        ObjectNode details = Json.object();
        ArrayNode missingNode = details.putArray("missingDevices");
        missing.forEach(k -> missingNode.addObject().put("userId", k[0]).put("deviceId", k[1]));
        ArrayNode extraNode = details.putArray("extraDevices");
        extra.forEach(e -> extraNode.addObject().put("userId", e.userId()).put("deviceId", e.deviceId()));
        throw new ProtocolException(ErrorCode.DEVICE_MISMATCH, "envelopes must cover exactly the recipient's devices"
                + " and your other devices: " + missing.size() + " missing, " + extra.size() + " extra", null, details);
    }

    /** The stored form: payload by {@code userId#deviceId}. */
    public static Map<String, Envelope.Payload> byDevice(List<Envelope> envelopes) {
        Map<String, Envelope.Payload> out = new LinkedHashMap<>();
        envelopes.forEach(e -> out.put(e.deviceKey(), e.payload()));
        return out;
    }

    /** Delivery targets of a stored message: its envelopes' devices, each with its envelope; else {@code devices}. */
    public static List<FanoutJob.Target> targets(StoredMessage m, List<FanoutJob.Target> devices) {
        if (!m.hasEnvelopes()) {
            return devices;
        }
        List<FanoutJob.Target> out = new ArrayList<>();
        m.envelopes().forEach((key, payload) -> {
            String[] k = split(key);
            out.add(new FanoutJob.Target(k[0], k[1], payload));
        });
        return out;
    }

    /** userId#deviceId → {userId, deviceId}; user ids of direct chats contain no '#', device ids neither. */
    private static String[] split(String deviceKey) {
        int sep = deviceKey.indexOf('#');
        return new String[] {deviceKey.substring(0, sep), deviceKey.substring(sep + 1)};
    }
}

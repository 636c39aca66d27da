package dev.chatline.client.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.client.store.B64;
import dev.chatline.client.store.LocalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;

/**
 * A user's device list as the account identity signs it: UTF-8 JSON
 * {@code {"format":"chatline-device-list/1","userId","version","devices":[{"deviceId","identityKey","registrationId",
 * "name","linkedAt"}]}}. The signature covers the exact bytes, so whoever verifies reads the bytes it verified.
 */
public record DeviceList(String userId, long version, List<Entry> devices) {
    public static final String FORMAT = "chatline-device-list/1";

    /** A linked device: the identity key the approving device saw, and its name. */
    public record Entry(String deviceId, IdentityKey identityKey, int registrationId, String name, long linkedAt) {
    }

    public Optional<Entry> device(String deviceId) {
        return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
    }

    /** The same devices without {@code deviceId}, at the next version. */
    public DeviceList without(String deviceId) {
        return new DeviceList(userId, version + 1, devices.stream().filter(d -> !d.deviceId().equals(deviceId))
                .toList());
    }

    /** The same devices with {@code entry} added (or replacing the device of the same id), at the next version. */
    public DeviceList with(Entry entry) {
        List<Entry> next = new ArrayList<>(without(entry.deviceId()).devices());
        next.add(entry);
        next.sort(Comparator.comparing(Entry::deviceId));
        return new DeviceList(userId, version + 1, List.copyOf(next));
    }

    public byte[] toBytes() {
        ObjectNode n = LocalJson.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("userId", userId);
        n.put("version", version);
        ArrayNode list = n.putArray("devices");
        for (Entry e : devices) {
            list.addObject().put("deviceId", e.deviceId()).put("identityKey", B64.encode(e.identityKey().serialize()))
                    .put("registrationId", e.registrationId()).put("name", e.name()).put("linkedAt", e.linkedAt());
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads signed bytes; anything malformed is an {@link UntrustedDeviceException}. */
    public static DeviceList parse(byte[] bytes) {
        try {
            JsonNode n = LocalJson.MAPPER.readTree(bytes);
            if (!FORMAT.equals(n.path("format").asText())) {
                throw new UntrustedDeviceException("a device list of an unknown format");
            }
            List<Entry> devices = new ArrayList<>();
            for (JsonNode d : n.path("devices")) {
                devices.add(new Entry(d.path("deviceId").asText(), new IdentityKey(B64.decode(d.path("identityKey")
                        .asText())), d.path("registrationId").asInt(), d.path("name").asText(""),
                        d.path("linkedAt").asLong()));
            }
            return new DeviceList(n.path("userId").asText(), n.path("version").asLong(), List.copyOf(devices));
        } catch (IOException | InvalidKeyException | IllegalArgumentException e) {
            throw new UntrustedDeviceException("a malformed device list: " + e.getMessage());
        }
    }
}

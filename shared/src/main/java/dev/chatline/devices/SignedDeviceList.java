package dev.chatline.devices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user's device list as the account identity signed it: the exact bytes (UTF-8 JSON
 * {@code {"format":"chatline-device-list/1","userId","version","devices":[{"deviceId","identityKey","registrationId",
 * "name","linkedAt"}]}}), parsed. The signature covers these bytes as sent, so no canonical form is needed: the
 * server and every client verify the bytes they got and then read them.
 *
 * @param bytes the signed bytes, as the signer produced them
 */
public record SignedDeviceList(String userId, long version, List<Entry> devices, byte[] bytes) {
    public static final String FORMAT = "chatline-device-list/1";
    /** A user has at most this many linked devices. */
    public static final int MAX_DEVICES = 5;
    public static final int MAX_BYTES = dev.chatline.protocol.DeviceActions.DeviceListUpdate.MAX_LIST_BYTES;
    private static final int MAX_NAME = 64;

    /** One linked device: its id, the identity key it was linked with, and what the approving device saw. */
    public record Entry(String deviceId, byte[] identityKey, int registrationId, String name, long linkedAt) {
        public boolean sameKey(Entry other) {
            return other != null && deviceId.equals(other.deviceId) && Arrays.equals(identityKey, other.identityKey);
        }
    }

    public Optional<Entry> device(String deviceId) {
        return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
    }

    public Set<String> deviceIds() {
        Set<String> ids = new HashSet<>();
        devices.forEach(d -> ids.add(d.deviceId()));
        return ids;
    }

    /**
     * Reads a list sent in the frame field {@code field}; anything malformed is {@code INVALID_DEVICE_LIST} naming
     * what is wrong.
     */
    public static SignedDeviceList parse(String field, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw invalid(field + ": more than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = dev.chatline.protocol.Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw invalid(field + ": not JSON");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw invalid(field + ": format must be " + FORMAT);
        }
        String userId = id(root, "userId");
        long version = root.path("version").asLong(0);
        if (version < 1) {
            throw invalid(field + ": version must be a positive integer");
        }
        List<Entry> devices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode d : root.path("devices")) {
            Entry e = entry(d);
            if (!seen.add(e.deviceId())) {
                throw invalid(field + ": device '" + e.deviceId() + "' listed twice");
            }
            devices.add(e);
        }
        if (devices.isEmpty()) {
            throw invalid(field + ": a device list names at least one device");
        }
        if (devices.size() > MAX_DEVICES) {
            throw new ProtocolException(ErrorCode.TOO_MANY_DEVICES,
                    "a user has at most " + MAX_DEVICES + " linked devices; unlink one first");
        }
        return new SignedDeviceList(userId, version, List.copyOf(devices), bytes.clone());
    }

    private static Entry entry(JsonNode d) {
        String name = d.path("name").asText("");
        if (name.length() > MAX_NAME) {
            throw invalid("device name longer than " + MAX_NAME + " characters");
        }
        byte[] key;
        try {
            key = KeyFormats.publicKey("identityKey", d.path("identityKey").asText(""), KeyFormats.KeyType.EC);
        } catch (ProtocolException e) {
            throw invalid("a listed device's identityKey is not a public key");
        }
        return new Entry(id(d, "deviceId"), key, d.path("registrationId").asInt(0), name,
                d.path("linkedAt").asLong(0));
    }

    private static String id(JsonNode node, String field) {
        String v = node.path(field).asText("");
        if (!ClientFrame.ID.matcher(v).matches()) {
            throw invalid("'" + field + "' in the device list is not a valid id");
        }
        return v;
    }

    static ProtocolException invalid(String why) {
        return new ProtocolException(ErrorCode.INVALID_DEVICE_LIST, why);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

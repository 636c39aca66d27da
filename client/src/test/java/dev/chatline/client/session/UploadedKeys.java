package dev.chatline.client.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.client.keys.KeyBundles;
import dev.chatline.client.keys.KeyBundles.DeviceBundle;
import dev.chatline.client.transport.Json;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The public keys one device uploaded, handed out the way the contract says the server does (for unit tests
 * without a server): each bundle takes one one-time EC and one one-time Kyber prekey, then the last-resort Kyber key.
 */
public final class UploadedKeys {
    private final String userId;
    private final String deviceId;
    private final JsonNode registration;
    private final Deque<JsonNode> preKeys = new ArrayDeque<>();
    private final Deque<JsonNode> kyberPreKeys = new ArrayDeque<>();

    public UploadedKeys(String userId, String deviceId, JsonNode registrationUpload) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.registration = registrationUpload;
        registrationUpload.path("preKeys").forEach(preKeys::add);
        registrationUpload.path("kyberPreKeys").forEach(kyberPreKeys::add);
    }

    /** The {@code keyBundles} frame for one fetch. */
    public ObjectNode fetchFrame() {
        ObjectNode frame = Json.object().put("type", "keyBundles").put("userId", userId);
        ArrayNode devices = frame.putArray("devices");
        ObjectNode d = devices.addObject().put("deviceId", deviceId)
                .put("registrationId", registration.path("registrationId").asInt())
                .put("identityKey", registration.path("identityKey").asText());
        d.set("signedPreKey", registration.get("signedPreKey"));
        if (!preKeys.isEmpty()) {
            d.set("preKey", preKeys.poll());
        }
        d.set("kyberPreKey", kyberPreKeys.isEmpty() ? registration.get("kyberLastResort") : kyberPreKeys.poll());
        return frame;
    }

    public DeviceBundle fetch() throws Exception {
        return KeyBundles.parse(fetchFrame()).get(0);
    }
}

package dev.chatline.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The registration-id check of a 1:1 send with envelopes (Signal-Server's 410 "stale devices"): an envelope may
 * name the {@code registrationId} of the device it was encrypted for (the one the sender's session was built
 * with); when the device has since uploaded keys with another registration id (a reinstall: a new identity, and a
 * session the old ciphertext cannot be decrypted with), the send is refused with {@code STALE_DEVICES} naming
 * those devices, and nothing is stored. Envelopes without a registration id are not checked.
 */
public final class StaleDevices {
    /** Every device of a user that uploaded keys: deviceId → its current registration id. */
    @FunctionalInterface
    public interface RegistrationIds {
        Map<String, Integer> of(String userId);
    }

    /** No check (for graphs without the device-keys table). */
    public static final StaleDevices NONE = new StaleDevices(userId -> Map.of());

    private final RegistrationIds registrationIds;

    public StaleDevices(RegistrationIds registrationIds) {
        this.registrationIds = registrationIds;
    }

    /**
     * Reads the current registration ids of the users whose envelopes name one (one query per user).
     *
     * @throws ProtocolException {@link ErrorCode#STALE_DEVICES} with {@code staleDevices} when one differs
     */
    public void check(List<Envelope> envelopes) {
        Map<String, Map<String, Integer>> current = new HashMap<>();
        List<Envelope> stale = new ArrayList<>();
        for (Envelope e : envelopes) {
            if (e.registrationId() == null) {
                continue;
            }
            Integer now = current.computeIfAbsent(e.userId(), registrationIds::of).get(e.deviceId());
            if (now != null && !Objects.equals(now, e.registrationId())) {
                stale.add(e);
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        ObjectNode details = Json.object();
        ArrayNode list = details.putArray("staleDevices");
        stale.forEach(e -> list.addObject().put("userId", e.userId()).put("deviceId", e.deviceId()));
        throw new ProtocolException(ErrorCode.STALE_DEVICES, stale.size() + " envelope(s) were encrypted for a"
                + " registration that the device has since replaced: drop those sessions, fetch their keys and"
                + " send again with the same clientMsgId", null, details);
    }
}

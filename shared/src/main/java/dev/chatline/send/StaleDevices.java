package dev.chatline.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.messaging.Envelope;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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

    private final RegistrationIds registrationIds;
    private final Executor lookups;

    /** @param lookups runs the users' reads concurrently (a 1:1 send reads the recipient's and the sender's) */
    public StaleDevices(RegistrationIds registrationIds, Executor lookups) {
        this.registrationIds = registrationIds;
        this.lookups = lookups;
    }

    /**
     * Reads the current registration ids of the users whose envelopes name one (one query per user, concurrently).
     *
     * @throws ProtocolException {@link ErrorCode#STALE_DEVICES} with {@code staleDevices} when one differs
     */
    public void check(List<Envelope> envelopes) {
        Map<String, CompletableFuture<Map<String, Integer>>> reads = new HashMap<>();
        envelopes.stream().filter(e -> e.registrationId() != null).map(Envelope::userId).distinct()
                .forEach(u -> reads.put(u, CompletableFuture.supplyAsync(() -> registrationIds.of(u), lookups)));
        Map<String, Map<String, Integer>> current = new HashMap<>();
        reads.forEach((u, read) -> current.put(u, joined(read)));
        List<Envelope> stale = new ArrayList<>();
        for (Envelope e : envelopes) {
            if (e.registrationId() == null) {
                continue;
            }
            Integer now = current.get(e.userId()).get(e.deviceId());
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

    private static Map<String, Integer> joined(CompletableFuture<Map<String, Integer>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

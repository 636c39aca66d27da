package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.devices.DeviceListService;
import dev.chatline.keys.KeyFrames;
import dev.chatline.keys.KeysService;
import dev.chatline.presence.PresenceService;
import dev.chatline.protocol.ProtocolException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers another cell's {@link CellQuery} about users of this cell, for a caller that cell authenticated and rate
 * limited: key bundles handed out here ({@link KeysService#handOut}: the per-device handout limit and the one-time
 * key takes are this cell's), a signed device list, or a presence subscription stored here (contacts and visibility
 * checked here). A refusal is answered, not thrown; anything else throws (a failed call).
 */
public final class CellQueries {
    private static final Logger LOG = LoggerFactory.getLogger(CellQueries.class);

    private final KeysService keys;
    private final DeviceListService deviceLists;
    private final PresenceService presence;

    public CellQueries(KeysService keys, DeviceListService deviceLists, PresenceService presence) {
        this.keys = keys;
        this.deviceLists = deviceLists;
        this.presence = presence;
    }

    /** The answer's JSON. */
    public String answer(JsonNode request) {
        CellQuery q = CellQuery.fromJson(request);
        try {
            return CellQuery.Answer.of(result(q)).toJson();
        } catch (ProtocolException refused) {
            LOG.info("{} from another cell refused: {}", q.kind(), refused.code());
            return CellQuery.Answer.of(refused).toJson();
        }
    }

    private Object result(CellQuery q) {
        return switch (q.kind()) {
            case CellQuery.KEYS_FETCH -> KeyFrames.bundles(q.targetUserId(), keys.handOut(q.caller(),
                    q.targetUserId(), Optional.ofNullable(q.targetDeviceId())));
            case CellQuery.DEVICE_LIST -> new CellKeys.SignedList(
                    deviceLists.signedList(q.targetUserId()).orElse(null));
            default -> presence.subscribeHere(q.caller(), q.userIds());
        };
    }
}

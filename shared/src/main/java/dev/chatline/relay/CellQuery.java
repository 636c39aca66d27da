package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of a {@code cellCall} invocation that reads (and for key fetches takes) data of users homed in the called
 * cell, on behalf of a caller its own cell authenticated and rate limited:
 * <ul>
 *   <li>{@value #KEYS_FETCH}: the bundles of {@code targetUserId} (or only of {@code targetDeviceId}), answered as
 *   the {@code keyBundles} frame; the one-time keys are taken there, by the owner's conditional deletes;</li>
 *   <li>{@value #DEVICE_LIST}: the signed device list of {@code targetUserId} (its account, or null);</li>
 *   <li>{@value #PRESENCE_SUBSCRIBE}: subscribes the caller to {@code userIds} (users of the called cell) and answers
 *   their presence as the caller may see it, decided there (contacts, last-seen visibility).</li>
 * </ul>
 * Versioned by {@code kind} like {@link CellCall}: an unknown kind is refused by the called cell.
 */
public record CellQuery(String kind, String userId, String deviceId, String targetUserId, String targetDeviceId,
                        List<String> userIds) {
    public static final String KEYS_FETCH = "keysFetch";
    public static final String DEVICE_LIST = "deviceList";
    public static final String PRESENCE_SUBSCRIBE = "presenceSubscribe";
    static final Set<String> KINDS = Set.of(KEYS_FETCH, DEVICE_LIST, PRESENCE_SUBSCRIBE);

    /** The answer: exactly one of {@code result} (the kind's JSON) and {@code error}. */
    public record Answer(JsonNode result, CellCall.Refusal error) {
        static Answer of(Object result) {
            return new Answer(Json.MAPPER.valueToTree(result), null);
        }

        static Answer of(ProtocolException refused) {
            return new Answer(null, CellCall.Refusal.of(refused));
        }

        /** The result read as {@code type}, or the refusal thrown as the called cell threw it. */
        <T> T resultOrThrow(Class<T> type) {
            if (error != null) {
                throw error.toException();
            }
            if (result == null) {
                throw new IllegalStateException("cellCall answered neither a result nor an error");
            }
            return Json.MAPPER.convertValue(result, type);
        }

        String toJson() {
            return Json.write(this);
        }

        static Answer fromJson(String json) {
            return Json.read(json, Answer.class);
        }
    }

    static CellQuery keysFetch(Identity requester, String userId, Optional<String> deviceId) {
        return new CellQuery(KEYS_FETCH, requester.userId(), requester.deviceId(), userId, deviceId.orElse(null),
                null);
    }

    static CellQuery deviceList(Identity caller, String userId) {
        return new CellQuery(DEVICE_LIST, caller.userId(), caller.deviceId(), userId, null, null);
    }

    static CellQuery presenceSubscribe(Identity subscriber, List<String> userIds) {
        return new CellQuery(PRESENCE_SUBSCRIBE, subscriber.userId(), subscriber.deviceId(), null, null,
                List.copyOf(userIds));
    }

    Identity caller() {
        return new Identity(userId, deviceId);
    }

    /** Whether the JSON of a call names one of these kinds (else it is a {@link CellCall}). */
    static boolean isQuery(JsonNode request) {
        return KINDS.contains(request.path("kind").asText());
    }

    String toJson() {
        return Json.write(this);
    }

    static CellQuery fromJson(JsonNode json) {
        CellQuery q = Json.MAPPER.convertValue(json, CellQuery.class);
        boolean complete = q.userId() != null && q.deviceId() != null && switch (q.kind()) {
            case KEYS_FETCH, DEVICE_LIST -> q.targetUserId() != null;
            case PRESENCE_SUBSCRIBE -> q.userIds() != null && !q.userIds().isEmpty();
            default -> false;
        };
        if (!complete) {
            throw new IllegalArgumentException("incomplete cellCall query");
        }
        return q;
    }
}

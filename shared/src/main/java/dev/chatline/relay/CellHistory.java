package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.history.HistoryService;
import dev.chatline.history.RemoteHistory;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code history} of a chat homed in another cell: a synchronous {@code cellCall} of kind {@value #KIND} to the
 * chat's home, which checks membership there (for a group the caller's {@code memberSince}, so a member sees only
 * the messages after joining) and answers the {@code history} frame built by its own {@link HistoryService} (never
 * forwarding again), or the refusal, thrown here as the home threw it. The caller's rate limit was taken in the
 * caller's cell.
 *
 * <p>A direct chat is asked of its home too, although the caller's cell holds a replica of its messages: the
 * statuses of the caller's own messages (the receipt headers) and the envelopes of the caller's other devices live
 * only at the home, so only the home answers what one cell would.
 */
public final class CellHistory implements RemoteHistory {
    public static final String KIND = "history";

    /** The JSON of the call: the caller as its cell authenticated it, and the page asked for. */
    record Query(String kind, String userId, String deviceId, String chatId, Long beforeSeq, int limit) {
        Identity caller() {
            return new Identity(userId, deviceId);
        }

        OptionalLong before() {
            return beforeSeq == null ? OptionalLong.empty() : OptionalLong.of(beforeSeq);
        }
    }

    private final CellRouter router;
    private final CellCalls calls;

    public CellHistory(CellRouter router, CellCalls calls) {
        this.router = router;
        this.calls = calls;
    }

    @Override
    public Optional<ChatFrames.History> history(Identity caller, String chatId, OptionalLong beforeSeq, int limit) {
        return router.remoteChatHome(chatId).map(cell -> {
            Query q = new Query(KIND, caller.userId(), caller.deviceId(), chatId,
                    beforeSeq.isPresent() ? beforeSeq.getAsLong() : null, limit);
            return CellQuery.Answer.fromJson(calls.call(cell, Json.write(q))).resultOrThrow(ChatFrames.History.class);
        });
    }

    /** Whether the JSON of a call is a history query. */
    static boolean isHistory(JsonNode request) {
        return KIND.equals(request.path("kind").asText());
    }

    /** At the group's home: the answer's JSON, read by {@code local} (which reads this cell only). */
    static String answer(JsonNode request, HistoryService local) {
        Query q = Json.MAPPER.convertValue(request, Query.class);
        if (q.userId() == null || q.deviceId() == null || q.chatId() == null) {
            throw new IllegalArgumentException("incomplete history query");
        }
        try {
            return CellQuery.Answer.of(local.history(q.caller(), q.chatId(), q.before(), q.limit())).toJson();
        } catch (ProtocolException refused) {
            return CellQuery.Answer.of(refused).toJson();
        }
    }
}

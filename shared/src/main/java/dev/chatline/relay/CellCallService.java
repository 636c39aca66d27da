package dev.chatline.relay;

import dev.chatline.groups.GroupActionRunner;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.history.HistoryService;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.SendService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers another cell's synchronous call: a {@link CellQuery} ({@link CellQueries}), a group's {@code history}
 * ({@link CellHistory}), or ({@link CellCall}) a forwarded send, run by this cell's
 * {@link SendService} for the identity the caller's cell authenticated (no connection of the sender is known
 * here: the sender's own devices are delivered through the relay of its cell), or a forwarded group action, run by
 * this cell's groups (never forwarded again). A refusal is answered, not thrown,
 * so the caller's client gets the same error as in a single cell; anything else throws (a failed call, which the
 * client retries with the same clientMsgId).
 */
public final class CellCallService {
    private static final Logger LOG = LoggerFactory.getLogger(CellCallService.class);

    private final SendService sends;
    private final GroupActionRunner groups;
    private final CellQueries queries;
    private final HistoryService history;
    private final GroupSlotAnswers slots;

    /**
     * @param groups runs forwarded group actions here ({@code GroupForwarding.NONE})
     * @param queries the other kinds of call: key fetches, device lists, presence ({@link CellQuery})
     * @param history reads this cell's groups for members of other cells ({@link CellHistory}; it must read here
     *     only, {@code RemoteHistory.NONE}, so a call is never forwarded again)
     * @param slots group slots of this cell's users in groups of other cells ({@link GroupSlotCall})
     */
    public CellCallService(SendService sends, GroupActionRunner groups, CellQueries queries, HistoryService history,
                           GroupSlotAnswers slots) {
        this.history = history;
        this.sends = sends;
        this.groups = groups;
        this.queries = queries;
        this.slots = slots;
    }

    public String handle(String requestJson) {
        JsonNode request = Json.read(requestJson);
        if (CellHistory.isHistory(request)) {
            return CellHistory.answer(request, history);
        }
        if (CellQuery.isQuery(request)) {
            return queries.answer(request);
        }
        if (GroupSlotCall.isSlotCall(request)) {
            return slots.answer(request);
        }
        CellCall call = CellCall.fromJson(requestJson);
        try {
            return CellCall.GROUP.equals(call.kind())
                    ? CellCall.Answer.of(groups.run(call.identity(), call.groupAction())).toJson()
                    : CellCall.Answer.of(sends.send(call.identity(), null, call.send())).toJson();
        } catch (ProtocolException refused) {
            LOG.info("forwarded {} refused: {}", call.kind(), refused.code());
            return CellCall.Answer.of(refused).toJson();
        }
    }
}

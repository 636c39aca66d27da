package dev.chatline.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.protocol.Json;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.SendService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers another cell's synchronous call: a {@link CellQuery} ({@link CellQueries}), or ({@link CellCall}) a forwarded send, run by this cell's
 * {@link SendService} for the identity the caller's cell authenticated (no connection of the sender is known
 * here: the sender's own devices are delivered through the relay of its cell). A refusal is answered, not thrown,
 * so the caller's client gets the same error as in a single cell; anything else throws (a failed call, which the
 * client retries with the same clientMsgId).
 */
public final class CellCallService {
    private static final Logger LOG = LoggerFactory.getLogger(CellCallService.class);

    private final SendService sends;
    private final CellQueries queries;

    /** @param queries the other kinds of call: key fetches, device lists, presence ({@link CellQuery}) */
    public CellCallService(SendService sends, CellQueries queries) {
        this.sends = sends;
        this.queries = queries;
    }

    public String handle(String requestJson) {
        JsonNode request = Json.read(requestJson);
        if (CellQuery.isQuery(request)) {
            return queries.answer(request);
        }
        CellCall call = CellCall.fromJson(requestJson);
        try {
            return CellCall.Answer.of(sends.send(call.identity(), null, call.send())).toJson();
        } catch (ProtocolException refused) {
            LOG.info("forwarded send refused: {}", refused.code());
            return CellCall.Answer.of(refused).toJson();
        }
    }
}

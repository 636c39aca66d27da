package dev.chatline.functions.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.protocol.Json;
import dev.chatline.relay.CellCallService;
import java.util.Map;

/**
 * {@code cellCall}: invoked synchronously by peer cells (Lambda {@code Invoke}, authorised by IAM), JSON in and
 * out: a send forwarded into a chat homed in this cell ({@code dev.chatline.relay.CellCall}), or a key fetch, device
 * list read or presence subscription for a user of this cell ({@code dev.chatline.relay.CellQuery}). A refusal is an
 * answer; anything else fails the invocation (a function error the caller surfaces as a failed request).
 */
public final class CellCallHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final CellCallService service;

    public CellCallHandler() {
        this(FunctionGraphs.messaging().cellCallService());
    }

    public CellCallHandler(CellCallService service) {
        this.service = service;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> request, Context context) {
        return Telemetry.process().around(context, () ->
                Json.MAPPER.convertValue(Json.read(service.handle(Json.write(request))), OBJECT));
    }
}

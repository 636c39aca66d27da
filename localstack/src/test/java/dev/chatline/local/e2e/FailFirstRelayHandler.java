package dev.chatline.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real relay consumer (the catalog's {@value #RELAY} function), except that once armed with
 * {@link #failFirstBatchWith(String)}, the first batch holding a relay job whose body contains the marker (e.g. a
 * message's body) is reported entirely as failed (as after a throttled or crashed invocation), so SQS redelivers it
 * after the visibility timeout; every later delivery goes to the real handler.
 */
public final class FailFirstRelayHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String RELAY = "relay";
    /** SQS message ids whose delivery was failed on purpose. */
    static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
    private static final AtomicReference<String> ARMED = new AtomicReference<>();

    private final RequestHandler<SQSEvent, SQSBatchResponse> real;

    public FailFirstRelayHandler() throws ReflectiveOperationException {
        this.real = realHandler();
    }

    /** The real catalog with this class as the relay function's handler (unchanged without a relay function). */
    static List<FunctionDef> catalog() {
        return FunctionCatalog.ALL.stream().map(def -> RELAY.equals(def.name())
                ? new FunctionDef(def.name(), FailFirstRelayHandler.class.getName(), def.artifact(), def.memoryMb(),
                        def.timeout(), def.trigger(), def.access())
                : def).toList();
    }

    /** Fails the first later batch holding a job that contains {@code marker}, whichever cell receives it. */
    static void failFirstBatchWith(String marker) {
        ARMED.set(marker);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        String marker = ARMED.get();
        if (marker != null && event.getRecords().stream().anyMatch(r -> r.getBody().contains(marker))
                && ARMED.compareAndSet(marker, null)) {
            event.getRecords().forEach(r -> FAILED.add(r.getMessageId()));
            return new SQSBatchResponse(event.getRecords().stream()
                    .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList());
        }
        return real.handleRequest(event, context);
    }

    /** The catalog's own relay handler (by name: the class is the cross-cell core's). */
    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> realHandler() throws ReflectiveOperationException {
        FunctionDef relay = FunctionCatalog.ALL.stream().filter(def -> RELAY.equals(def.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the catalog has no relay function"));
        return (RequestHandler<SQSEvent, SQSBatchResponse>) Class.forName(relay.handlerClass())
                .getDeclaredConstructor().newInstance();
    }
}

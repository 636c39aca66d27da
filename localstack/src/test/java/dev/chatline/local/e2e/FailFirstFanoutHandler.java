package dev.chatline.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.messaging.FanoutHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real {@link FanoutHandler}, except that a batch holding a message job seen for the first time is reported
 * entirely as failed (as after a throttled or crashed invocation), so SQS redelivers it after the visibility
 * timeout. Every later delivery of that job goes to the real handler.
 */
public final class FailFirstFanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Message ids whose first delivery was failed on purpose. */
    static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    private final FanoutHandler real = new FanoutHandler();

    /** The real catalog with this class as the fan-out handler. */
    static List<FunctionDef> catalog() {
        FunctionDef f = FunctionCatalog.FANOUT;
        FunctionDef failing = new FunctionDef(f.name(), FailFirstFanoutHandler.class.getName(), f.artifact(),
                f.memoryMb(), f.timeout(), f.trigger(), f.access());
        return FunctionCatalog.ALL.stream().map(def -> def == f ? failing : def).toList();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        boolean firstSight = false;
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            FanoutJob job = FanoutJob.fromJson(record.getBody());
            firstSight |= job.isMessage() && FAILED_ONCE.add(job.eventId());
        }
        if (firstSight) {
            return new SQSBatchResponse(event.getRecords().stream()
                    .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList());
        }
        return real.handleRequest(event, context);
    }
}

package dev.chatline.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.messaging.FanoutHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link FanoutHandler}, recording which shard (queue) delivered each chat, and failing every invocation
 * from {@link #failingQueue} while it is set (the function errors, as a broken deployment, a poison batch or a
 * throttled consumer of that one shard would), so SQS hands those records out again after the visibility timeout.
 */
public final class ShardFaultFanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Queue name → the message groups (chats) of the records it delivered. */
    static final Map<String, Set<String>> CHATS_BY_QUEUE = new ConcurrentHashMap<>();
    static final AtomicInteger FAILED_INVOCATIONS = new AtomicInteger();
    static volatile String failingQueue;

    private final FanoutHandler real = new FanoutHandler();

    /** The real catalog with this class as the fan-out handler. */
    static List<FunctionDef> catalog() {
        FunctionDef f = FunctionCatalog.FANOUT;
        FunctionDef tracking = new FunctionDef(f.name(), ShardFaultFanoutHandler.class.getName(), f.artifact(),
                f.memoryMb(), f.timeout(), f.trigger(), f.access());
        return FunctionCatalog.ALL.stream().map(def -> def == f ? tracking : def).toList();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        String queue = null;
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            String arn = record.getEventSourceArn();
            queue = arn.substring(arn.lastIndexOf(':') + 1);
            CHATS_BY_QUEUE.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet())
                    .add(record.getAttributes().get("MessageGroupId"));
        }
        if (queue != null && queue.equals(failingQueue)) {
            FAILED_INVOCATIONS.incrementAndGet();
            throw new IllegalStateException("injected: the consumer of " + queue + " fails");
        }
        return real.handleRequest(event, context);
    }
}

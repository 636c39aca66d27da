package dev.chatline.local.bench;

import dev.chatline.local.capacity.PriceTable;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Counts AWS API calls by service and operation, their billed request units ({@link BilledRequests}) and, for
 * DynamoDB, the write and read request units ({@link CapacityMeter}); while a {@link SpanLog} is set, it records
 * every call's start, end and thread. Registered for every SDK client of the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it sees the calls of the functions
 * hosted by the local runtime as well as those of the runtime's own event source pollers. Counting is cheap and
 * always on; only the benchmarks read it.
 */
public final class ApiCallCounter implements ExecutionInterceptor {
    /** The local gateway's {@code @connections} API: an AWS call, but not answered by the emulator. */
    static final String CONNECTIONS_API = "ApiGatewayManagementApi";
    private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("chatline.bench.start");
    private static final ExecutionAttribute<SdkRequest> ORIGINAL = new ExecutionAttribute<>("chatline.bench.request");
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> BILLED = new ConcurrentHashMap<>();
    private static final CapacityMeter CAPACITY = new CapacityMeter();
    private static volatile BilledRequests billing = BilledRequests.DEFAULT;
    private static volatile SpanLog spans;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.computeIfAbsent(name(attributes), k -> new LongAdder()).increment();
        attributes.putAttribute(START, System.nanoTime());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        attributes.putAttribute(ORIGINAL, context.request());
        return CAPACITY.prepare(context.request());
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkRequest request = attributes.getAttribute(ORIGINAL);
        BILLED.computeIfAbsent(name(attributes), k -> new LongAdder())
                .add(billing.units(request, context.response()));
        return CAPACITY.account(request, context.response());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        boolean emptyPoll = context.response() instanceof ReceiveMessageResponse r && !r.hasMessages();
        if (!emptyPoll) {
            record(attributes);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException) {
            CAPACITY.failed(attributes.getAttribute(ORIGINAL));
        }
        BILLED.computeIfAbsent(name(attributes), k -> new LongAdder()).increment();
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        SpanLog log = spans;
        Long start = attributes.getAttribute(START);
        if (log != null && start != null) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            log.add(new Span(name(attributes), start, System.nanoTime(), Thread.currentThread().getName(),
                    !CONNECTIONS_API.equals(service)));
        }
    }

    private static String name(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /** Chunk sizes of the price table (SQS and SNS 64 KB, API Gateway 32 KB). */
    static void usePrices(PriceTable prices) {
        billing = new BilledRequests(prices.sqsChunkBytes(), prices.snsChunkBytes(), prices.apiGatewayUnitBytes());
    }

    /** Records every call's span into {@code log} from now on ({@code null}: stop). */
    static void trace(SpanLog log) {
        spans = log;
    }

    public static void reset() {
        CALLS.clear();
        BILLED.clear();
        CAPACITY.reset();
    }

    /** "Service Operation" → calls since the last reset, sorted by name. */
    public static Map<String, Long> snapshot() {
        return sums(CALLS);
    }

    /** "Service Operation" → billed request units (64 KB chunks for SQS and SNS) since the last reset. */
    static Map<String, Long> billedSnapshot() {
        return sums(BILLED);
    }

    static double writeUnits() {
        return CAPACITY.writeUnits();
    }

    static double readUnits() {
        return CAPACITY.readUnits();
    }

    static Map<String, Double> writeUnitsByTable() {
        return CAPACITY.writeUnitsByTable();
    }

    static Map<String, Double> readUnitsByTable() {
        return CAPACITY.readUnitsByTable();
    }

    static double motoReportedUnits() {
        return CAPACITY.motoReportedUnits();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

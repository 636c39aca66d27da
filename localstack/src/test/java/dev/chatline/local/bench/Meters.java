package dev.chatline.local.bench;

import dev.chatline.local.capacity.PriceTable;

import dev.chatline.local.LocalRuntime;

/** The benchmark's meters together: SDK calls and DynamoDB units, API Gateway messages, Lambda invocations. */
final class Meters {
    private final FrameMeter frames;
    private final InvocationLog invocations = new InvocationLog();

    Meters(PriceTable prices, LocalRuntime runtime) {
        ApiCallCounter.usePrices(prices);
        this.frames = new FrameMeter(prices.apiGatewayUnitBytes());
        runtime.lambdaHost().addListener(invocations);
    }

    FrameMeter frames() {
        return frames;
    }

    void reset() {
        ApiCallCounter.reset();
        frames.reset();
        invocations.reset();
    }

    Usage snapshot() {
        return new Usage(ApiCallCounter.snapshot(), ApiCallCounter.billedSnapshot(), ApiCallCounter.writeUnits(),
                ApiCallCounter.readUnits(), ApiCallCounter.motoReportedUnits(), frames.sent(), frames.received(),
                invocations.snapshot(), ApiCallCounter.writeUnitsByTable(), ApiCallCounter.readUnitsByTable());
    }

    /** Records SDK calls and invocations into {@code log} from now on ({@code null}: stop). */
    void trace(SpanLog log) {
        ApiCallCounter.trace(log);
        invocations.trace(log);
    }
}

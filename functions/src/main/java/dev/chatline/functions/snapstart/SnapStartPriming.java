package dev.chatline.functions.snapstart;

import dev.chatline.fanout.FanoutJob;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.ClientRequest;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import dev.chatline.protocol.ProtocolJson;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: Lambda constructs a handler when it publishes a version, snapshots the initialised JVM and
 * restores it for every cold start. Code that first runs in the first invocation after a restore still loads,
 * links and initialises its classes then; a step registered here runs it once before the snapshot instead
 * ({@code beforeCheckpoint} of a CRaC {@link Resource}), so the classes are in the snapshot.
 *
 * <p>Every handler's production wiring ({@code fromEnvironment}) registers the steps of what it built: {@link #FRAMES}
 * for the JSON of frames and queue payloads, and the offline calls of its AWS clients ({@code AwsClients},
 * {@code MessagingClients}, {@code S3Clients}: a client with the function's settings on an HTTP client that sends
 * nothing). No step does I/O or touches data, or counts a metric or logs a request. A failing step is logged and
 * skipped: priming never fails a snapshot. See docs/performance.md ("Cold start").
 */
public final class SnapStartPriming implements Resource {
    /** Parses a frame, writes an error frame, reads and writes a fan-out job: the JSON every handler runs. */
    public static final Runnable FRAMES = SnapStartPriming::frames;

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** CRaC holds its resources weakly: these keep them (one per wiring, a handful per process). */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();
    private static final String JOB = "{\"kind\":\"message\",\"chatId\":\"d:prime:prime\",\"eventId\":\"prime-1\","
            + "\"seq\":1,\"senderUserId\":\"prime\",\"frame\":{\"type\":\"message\",\"seq\":1},"
            + "\"targets\":[{\"userId\":\"prime\",\"deviceId\":\"prime\"}]}";

    private final String name;
    private final List<Runnable> steps;

    private SnapStartPriming(String name, List<Runnable> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /**
     * Registers the priming of one wiring with CRaC (a no-op outside a CRaC runtime such as SnapStart).
     *
     * @param name the wiring, in the log line of a failed step
     */
    public static SnapStartPriming register(String name, Runnable... steps) {
        SnapStartPriming priming = new SnapStartPriming(name, List.of(steps));
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs every step; a failing step is logged and skipped. */
    public void prime() {
        long start = System.nanoTime();
        int failed = 0;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("SnapStart priming step of {} failed; the first invocation will load its classes", name, e);
            }
        }
        LOG.info("SnapStart priming of {}: {} steps ({} failed) in {} ms", name, steps.size(), failed,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the steps leave no connection or state behind
    }

    /**
     * Runs the protocol binding once each way: decodes a frame into its record (loading the binding's registries
     * and Jackson's record introspection), encodes a reply record with the echoed requestId and an error frame.
     */
    private static void frames() {
        ClientRequest request = ProtocolJson.decode("{\"action\":\"sendMessage\",\"requestId\":\"prime\","
                + "\"clientMsgId\":\"00000000-0000-4000-8000-000000000000\",\"to\":\"prime\",\"body\":\"cHJpbWU=\"}");
        ProtocolJson.encode(Acks.SendMessageAck.of("00000000-0000-4000-8000-000000000000", "prime", "d:a:prime", 1,
                1), request.requestId());
        ErrorFrame.of(ErrorCode.INVALID_FIELD, "prime", request.requestId(), null, null);
        FanoutJob.fromJson(FanoutJob.fromJson(JOB).toJson());
    }
}

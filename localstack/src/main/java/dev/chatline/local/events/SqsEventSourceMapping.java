package dev.chatline.local.events;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Emulates a Lambda event source mapping on an SQS queue with {@code FunctionResponseTypes=ReportBatchItemFailures}.
 *
 * <p>What Lambda does and this class does the same way:
 * <ul>
 *   <li>Polls the queue and invokes the function synchronously with batches of up to {@code batchSize} records
 *       ({@link SqsEventFactory}); several batches run concurrently, up to {@code maxConcurrency}.</li>
 *   <li>FIFO: a batch may hold several message groups, the records of one group in order; a group is never in two
 *       invocations at once (SQS itself does not return messages of a group with messages in flight; a local guard
 *       enforces it as well), so different groups (chats) run in parallel and each group stays ordered.</li>
 *   <li>Deletes the records that succeeded; failed records are not deleted and the function's error does not
 *       change their visibility: SQS delivers them again after the queue's visibility timeout, and after
 *       {@code maxReceiveCount} receives the queue's redrive policy moves them to the dead-letter queue.</li>
 *   <li>If the function throws, the whole batch fails ({@link BatchOutcome}); on a FIFO queue a failed record fails
 *       every later record of its group in the batch.</li>
 * </ul>
 *
 * <p>Differences: a single poller thread receives (Lambda runs several pollers; with moto one poller is what keeps
 * FIFO group locking exact); the long-poll wait is {@link EventSourceSettings#longPollWait()}. When a visibility
 * timeout ends the runtime itself makes a batch's failed records visible again, in one
 * {@code ChangeMessageVisibilityBatch}, just before SQS would: moto 5.2.1 redelivers a FIFO group out of order
 * when several of its messages time out together. The observable timing stays that of the visibility timeout.
 * The function may change the visibility of its records itself (the fan-out function makes its failed records
 * visible again within seconds); a record received again since is then left alone by that release, as SQS ignores a
 * visibility change made with an older receipt handle (moto does not, and would hand the record out twice).
 */
public final class SqsEventSourceMapping extends QueuePoller {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration RELEASE_MARGIN = Duration.ofMillis(250);

    private final String functionName;
    private final FunctionInvoker invoker;
    private final int batchSize;
    private final boolean fifo;
    private final Duration visibilityTimeout;
    private final SqsEventFactory events;
    private final EventSourceSettings settings;
    private final Semaphore capacity;
    private final InFlightTracker inFlight = new InFlightTracker();
    /** Message id → receipt handle of its latest receive (only a record's latest receive is released). */
    private final Map<String, String> latestReceipts = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService releases;

    /**
     * @param sqs a client this mapping uses (not closed by it)
     * @param queueUrl the event source queue
     * @param batchSize records per invocation at most (1..10)
     */
    public SqsEventSourceMapping(String functionName, FunctionInvoker invoker, SqsClient sqs, String queueUrl,
                                 int batchSize, EventSourceSettings settings) {
        super("sqs-esm-" + functionName, sqs, queueUrl);
        if (batchSize < 1 || batchSize > 10) {
            throw new IllegalArgumentException("batchSize must be 1..10");
        }
        this.functionName = functionName;
        this.invoker = invoker;
        this.batchSize = batchSize;
        this.settings = settings;
        var attrs = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN,
                QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.FIFO_QUEUE)).attributes();
        this.fifo = "true".equals(attrs.get(QueueAttributeName.FIFO_QUEUE));
        this.visibilityTimeout = Duration.ofSeconds(Long.parseLong(attrs.get(QueueAttributeName.VISIBILITY_TIMEOUT)));
        this.events = new SqsEventFactory(attrs.get(QueueAttributeName.QUEUE_ARN));
        this.capacity = new Semaphore(settings.maxConcurrency());
        this.workers = Executors.newFixedThreadPool(settings.maxConcurrency(), r -> daemon(r, "sqs-batch-"));
        this.releases = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sqs-release-"));
    }

    /** Creates and starts a mapping. */
    public static SqsEventSourceMapping start(String functionName, FunctionInvoker invoker, SqsClient sqs,
                                              String queueUrl, int batchSize, EventSourceSettings settings) {
        SqsEventSourceMapping m = new SqsEventSourceMapping(functionName, invoker, sqs, queueUrl, batchSize,
                settings);
        m.start();
        return m;
    }

    public String functionName() {
        return functionName;
    }

    @Override
    protected boolean beforeReceive() throws InterruptedException {
        return capacity.tryAcquire(settings.busyPollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected int maxMessages() {
        return batchSize;
    }

    @Override
    protected int waitSeconds() {
        // A long poll keeps the set of busy groups it saw at its start (moto), so poll short while anything is busy.
        return inFlight.idle() ? (int) settings.longPollWait().toSeconds() : 0;
    }

    @Override
    protected void afterEmptyReceive() throws InterruptedException {
        capacity.release();
        if (!inFlight.idle() && isOpen()) {
            inFlight.awaitChange(settings.busyPollInterval());
        }
    }

    @Override
    protected void handle(List<Message> batch) {
        batch.forEach(m -> latestReceipts.put(m.messageId(), m.receiptHandle()));
        Set<String> groups = groupsOf(batch);
        try {
            if (inFlight.holdsAny(groups)) {
                log.warn("{}: received messages of a group that is still in flight; holding them until it ends",
                        functionName);
            }
            if (!inFlight.begin(groups, this::isOpen)) {
                release(batch);
                capacity.release();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            capacity.release();
            return;
        }
        long receivedAt = System.currentTimeMillis();
        workers.execute(() -> {
            try {
                process(batch, receivedAt);
            } finally {
                inFlight.end(groups);
                capacity.release();
            }
        });
    }

    private void process(List<Message> batch, long receivedAt) {
        BatchOutcome outcome;
        try {
            String response = invoker.invoke(functionName, events.event(batch));
            outcome = BatchOutcome.of(batch, response, fifo);
            outcome.invalidResponse().ifPresent(why ->
                    log.warn("{}: invalid batch response, the whole batch of {} failed: {}", functionName,
                            batch.size(), why));
        } catch (Exception e) {
            log.warn("{}: invocation with {} records failed: {}", functionName, batch.size(), e.toString());
            outcome = BatchOutcome.allFailed(batch);
        }
        if (!outcome.unreportedGroupSuccessors().isEmpty()) {
            log.warn("{}: {} records follow a failed record of their FIFO group but were not reported as failed;"
                    + " kept in the queue", functionName, outcome.unreportedGroupSuccessors().size());
        }
        if (!outcome.succeeded().isEmpty()) {
            delete(outcome.succeeded());
            outcome.succeeded().forEach(m -> latestReceipts.remove(m.messageId(), m.receiptHandle()));
        }
        log.debug("{}: batch of {} delivered, {} succeeded, {} failed", functionName, batch.size(),
                outcome.succeeded().size(), outcome.failed().size());
        if (!outcome.failed().isEmpty()) {
            log.warn("{}: {} records failed; SQS redelivers them after the visibility timeout ({} s) unless the "
                            + "function changed it",
                    functionName, outcome.failed().size(), visibilityTimeout.toSeconds());
            scheduleRelease(outcome.failed(), receivedAt);
        }
    }

    private void scheduleRelease(List<Message> failed, long receivedAt) {
        long visibleAt = receivedAt + visibilityTimeout.toMillis();
        if (System.currentTimeMillis() >= visibleAt - RELEASE_MARGIN.toMillis()) {
            failed.forEach(m -> latestReceipts.remove(m.messageId(), m.receiptHandle()));
            return; // the invocation outlasted the visibility timeout: SQS already made them visible
        }
        long delay = visibleAt - RELEASE_MARGIN.toMillis() - System.currentTimeMillis();
        inFlight.releaseScheduled();
        try {
            releases.schedule(() -> {
                try {
                    List<Message> notReceivedSince = failed.stream()
                            .filter(m -> latestReceipts.remove(m.messageId(), m.receiptHandle())).toList();
                    if (isOpen() && !notReceivedSince.isEmpty()) {
                        release(notReceivedSince);
                    }
                } finally {
                    inFlight.releaseDone();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            inFlight.releaseDone();
        }
    }

    private Set<String> groupsOf(List<Message> batch) {
        Set<String> groups = new LinkedHashSet<>();
        if (fifo) {
            batch.forEach(m -> groups.add(m.attributesAsStrings().getOrDefault("MessageGroupId", "")));
        }
        return groups;
    }

    /** Stops polling and waits for the batches in flight (at most the shutdown timeout). */
    @Override
    public void close() {
        super.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: batches still running after {}", functionName, settings.shutdownTimeout());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releases.shutdownNow();
    }

    static Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}

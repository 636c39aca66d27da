package dev.chatline.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One polling thread on one SQS queue: receive (long or short poll), hand the messages over, repeat until
 * {@link #close()}. Shared by the SQS event source mapping and the SNS subscription bridge.
 *
 * <p>Closing does not wait for a receive that is blocked in a long poll (an SDK call cannot be aborted): the thread
 * is a daemon, and messages such a receive returns after closing are made visible again at once.
 */
abstract class QueuePoller implements AutoCloseable {
    protected final Logger log = LoggerFactory.getLogger(getClass());
    protected final SqsClient sqs;
    protected final String queueUrl;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    protected QueuePoller(String threadName, SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean isOpen() {
        return closed.getCount() > 0;
    }

    /** Blocks before a receive until the consumer can take messages; false to skip this round. */
    protected boolean beforeReceive() throws InterruptedException {
        return true;
    }

    /** Messages per receive (1..10). */
    protected abstract int maxMessages();

    /** {@code WaitTimeSeconds} of the next receive (0 = short poll). */
    protected abstract int waitSeconds();

    /** Takes the received messages (non-empty); must not block for long. */
    protected abstract void handle(List<Message> messages);

    /** Called after a receive returned nothing (or failed). */
    protected void afterEmptyReceive() throws InterruptedException {
    }

    private void loop() {
        while (isOpen()) {
            boolean ready = false;
            try {
                ready = beforeReceive();
                if (!ready) {
                    continue;
                }
                List<Message> messages = receive();
                if (!isOpen()) {
                    release(messages);
                    afterEmptyReceive();
                    return;
                }
                if (messages.isEmpty()) {
                    afterEmptyReceive();
                } else {
                    handle(messages);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!isOpen()) {
                    return;
                }
                log.warn("receive from {} failed: {}", queueUrl, e.toString());
                try {
                    if (ready) {
                        afterEmptyReceive();
                    }
                    awaitClose(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private List<Message> receive() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages())
                .waitTimeSeconds(waitSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /** Deletes messages (in batches of 10); logs entries SQS refused. */
    protected void delete(List<Message> messages) {
        for (List<Message> chunk : chunks(messages)) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            var result = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            result.failed().forEach(f -> log.warn("delete from {} failed: {} {}", queueUrl, f.code(), f.message()));
        }
    }

    /** Makes messages visible again at once ({@code ChangeMessageVisibilityBatch} with timeout 0). */
    protected void release(List<Message> messages) {
        for (List<Message> chunk : chunks(messages)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (RuntimeException e) {
                log.debug("could not release {} messages on {}: {}", chunk.size(), queueUrl, e.toString());
            }
        }
    }

    /** Waits until closed or {@code max} has passed; true when closed. */
    protected boolean awaitClose(Duration max) throws InterruptedException {
        return closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling; subclasses then finish their work in flight. */
    @Override
    public void close() {
        closed.countDown();
    }

    private static List<List<Message>> chunks(List<Message> messages) {
        List<List<Message>> chunks = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += 10) {
            chunks.add(messages.subList(i, Math.min(messages.size(), i + 10)));
        }
        return chunks;
    }
}

package dev.chatline.relay;

import dev.chatline.cells.CellConfig;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends relay jobs to another cell's relay queue (an SQS FIFO queue in that cell, its URL from
 * {@code CHATLINE_CELL_PEERS}): {@code MessageGroupId} = the chat (one chat in order, chats in parallel),
 * {@code MessageDeduplicationId} = the job's deduplication key. The only sender to relay queues.
 */
public final class RelayQueue {
    private final SqsClient sqs;
    private final CellConfig cells;

    public RelayQueue(SqsClient sqs, CellConfig cells) {
        this.sqs = sqs;
        this.cells = cells;
    }

    /** @throws IllegalStateException when {@code cell} is not a configured peer */
    public void send(String cell, RelayJob job) {
        String url = cells.relayUrl(cell);
        String body = job.toJson();
        sqs.sendMessage(r -> r.queueUrl(url).messageGroupId(job.chatId())
                .messageDeduplicationId(job.deduplicationKey()).messageBody(body));
    }
}

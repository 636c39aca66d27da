package dev.chatline.fanout;

import dev.chatline.config.ChatConfig;
import dev.chatline.messaging.Digests;
import dev.chatline.protocol.Json;
import dev.chatline.schema.QueueShards;
import dev.chatline.schema.Resources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Enqueues fan-out jobs on the FIFO queue: {@code MessageGroupId} = chatId (one chat in order, chats in parallel),
 * {@code MessageDeduplicationId} = the job's event id (a retried send or receipt within SQS's 5-minute
 * deduplication window enqueues nothing new).
 *
 * <p>A job whose JSON exceeds {@value #MAX_JOB_BYTES} bytes (SQS allows 256 KiB; a 256-member group with several
 * devices each and a 64 KB body can pass it) is split by targets into parts, each a complete job for some of the
 * targets, sent one after another to the same message group (so the chat's order holds) with deduplication id
 * {@code eventId#part}.
 *
 * <p>Sharded: with {@code CHATLINE_FANOUT_SHARDS} = N the queue is N queues, and every message goes to the shard of
 * its message group ({@link QueueShards#shardOf}: a stable hash of the chat id), so a chat's jobs, retries and
 * parts all stay on one shard, in one message group, in order; the shard's URL follows from
 * {@code CHATLINE_FANOUT_QUEUE_URL} (shard 0's). Every sender to the fan-out queue goes through this class.
 *
 * <p>The queue ({@code CHATLINE_FANOUT_QUEUE_URL}) is looked up when a job is first enqueued, not when the queue is
 * built: functions that build the shared wiring but never enqueue (keysCount, keysFetch, groupInfo, groupList) are
 * given neither the queue nor {@code sqs:SendMessage} by the stack.
 */
public final class FanoutQueue {
    /** Largest job sent as one queue message (below SQS's 262,144 bytes, leaving room for attributes). */
    public static final int MAX_JOB_BYTES = 240_000;

    private final SqsClient sqs;
    private final ChatConfig config;
    /** The shards' URLs, read on the first enqueue. */
    private volatile List<String> shardUrls;

    public FanoutQueue(SqsClient sqs, ChatConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    /** @throws IllegalStateException when the function was not given the queue */
    public void enqueue(FanoutJob job) {
        String queueUrl = shardUrl(job.chatId());
        List<FanoutJob> parts = split(job, MAX_JOB_BYTES);
        for (int i = 0; i < parts.size(); i++) {
            String dedupId = DedupIds.of(parts.size() == 1 ? job.attemptId() : job.attemptId() + "#" + i);
            String body = parts.get(i).toJson();
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(job.chatId())
                    .messageDeduplicationId(dedupId).messageBody(body));
        }
    }

    /**
     * Enqueues a message of another feature (e.g. a presence change) for the fan-out consumer, which tells the kinds
     * apart by the body. Group and deduplication keys longer than SQS's 128 characters are hashed.
     */
    public void enqueue(String groupKey, String deduplicationKey, String body) {
        String groupId = DedupIds.of(groupKey);
        String queueUrl = shardUrl(groupId);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(groupId)
                .messageDeduplicationId(DedupIds.of(deduplicationKey)).messageBody(body));
    }

    /** The URL of the shard that carries the message group {@code groupId}. */
    String shardUrl(String groupId) {
        List<String> urls = shardUrls;
        if (urls == null) {
            urls = Resources.FANOUT.shards(config.shardCount(Resources.FANOUT)).stream().map(config::queueUrl)
                    .toList();
            shardUrls = urls;
        }
        return urls.get(QueueShards.shardOf(groupId, urls.size()));
    }

    /** The job itself if its JSON fits {@code maxBytes}, else parts of it with disjoint targets, in order. */
    static List<FanoutJob> split(FanoutJob job, int maxBytes) {
        if (utf8Length(job.toJson()) <= maxBytes) {
            return List.of(job);
        }
        int base = utf8Length(withTargets(job, List.of()).toJson());
        List<FanoutJob> parts = new ArrayList<>();
        List<FanoutJob.Target> current = new ArrayList<>();
        int size = base;
        for (FanoutJob.Target t : job.targets()) {
            int targetBytes = utf8Length(Json.write(t)) + 1;
            if (!current.isEmpty() && size + targetBytes > maxBytes) {
                parts.add(withTargets(job, current));
                current = new ArrayList<>();
                size = base;
            }
            current.add(t);
            size += targetBytes;
        }
        parts.add(withTargets(job, current));
        return parts;
    }

    private static FanoutJob withTargets(FanoutJob job, List<FanoutJob.Target> targets) {
        return new FanoutJob(job.kind(), job.chatId(), job.eventId(), job.seq(), job.senderUserId(), job.frame(),
                targets, job.attempt());
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** SQS deduplication ids: at most 128 characters of {@code [A-Za-z0-9!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~]}. */
    static final class DedupIds {
        private DedupIds() {
        }

        static String of(String eventId) {
            return eventId.length() <= 128 ? eventId : Digests.sha256Hex(eventId);
        }
    }
}

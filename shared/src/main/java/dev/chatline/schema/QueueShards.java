package dev.chatline.schema;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which shard of a sharded queue a message goes to. The key is the message's {@code MessageGroupId} (the chat id of
 * a fan-out job), so all messages of one group go to one shard and keep SQS FIFO's per-group order; different
 * groups spread over the shards.
 *
 * <p>The function, stable across processes, versions and languages: take the first 8 bytes of the SHA-256 of the
 * key's UTF-8 bytes as a big-endian signed 64-bit integer, and map it to {@code [0, count)} with Lamping and Veach's
 * jump consistent hash ("A Fast, Minimal Memory, Consistent Hash Algorithm", 2014). Jump hashing moves only the
 * keys that must move when the count changes: going from N to N+1 shards moves about 1/(N+1) of the chats, all to
 * the new shard (a modulo would move almost all of them).
 */
public final class QueueShards {
    /**
     * The most shards a queue may have. Each shard is 7 CloudFormation resources (a queue, a dead-letter queue and
     * their policies in the root stack, an event source mapping in the functions' nested stack, two alarms in the
     * monitoring nested stack), and every template keeps 100 of its 500 resources free at this count
     * ({@code TemplateHeadroomTest}); a deployment that needs more is a case for another cell (docs/scaling.md).
     */
    public static final int MAX_SHARDS = 8;

    private QueueShards() {
    }

    /** The shard ({@code 0..count-1}) of a message group. */
    public static int shardOf(String groupKey, int count) {
        checkCount(count);
        return jumpHash(keyHash(groupKey), count);
    }

    /**
     * A shard's URL from shard 0's: an SQS queue URL ends with the queue name ({@code https://sqs.<region>.
     * amazonaws.com/<account>/<name>}, the same locally), and shards differ only in their names.
     */
    public static String shardUrl(String shardZeroUrl, String shardPhysicalName) {
        URI uri = URI.create(shardZeroUrl);
        String path = uri.getPath();
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("not a queue URL: " + shardZeroUrl);
        }
        return uri.resolve(path.substring(0, slash + 1) + shardPhysicalName).toString();
    }

    static void checkCount(int count) {
        if (count < 1 || count > MAX_SHARDS) {
            throw new IllegalArgumentException("shard count must be 1.." + MAX_SHARDS + ": " + count);
        }
    }

    static long keyHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Jump consistent hash: the bucket of {@code key} among {@code buckets}. */
    static int jumpHash(long key, int buckets) {
        long b = -1;
        long j = 0;
        long k = key;
        while (j < buckets) {
            b = j;
            k = k * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((k >>> 33) + 1)));
        }
        return (int) b;
    }
}

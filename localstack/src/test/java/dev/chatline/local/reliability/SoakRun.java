package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.e2e.Frames;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The soak of issue 13: {@code users} users with one device each for {@code minutes}, every user sending as fast as
 * its acks come back (closed loop) — 70% to a random user, 30% to one of the groups of four it belongs to — every
 * recipient answering each message with delivered and read receipts ({@link SoakUser}), every user reconnecting
 * (and syncing) every 15-45 s (CI: sooner). Afterwards everyone syncs; every acknowledged message must have reached
 * every recipient (live or through sync) and its sender must hold its read event. The heap after GC and moto's RSS
 * are sampled every {@value #SAMPLE_SECONDS} s ({@link HeapSampler}). Run: {@code scripts/reliability.sh soak 20 5}.
 */
public final class SoakRun {
    static final int SAMPLE_SECONDS = 10;
    private static final int GROUP_SIZE = 4;
    private static final double GROUP_SHARE = 0.3;

    private final Harness harness;
    private final List<SoakUser> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final Map<String, List<Integer>> groupMembers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private int reconnectSeconds;

    /** One acknowledged message: who sent it, its id, and who must receive it. */
    private record Sent(int sender, String messageId, List<Integer> recipients) {
    }

    /** The figures: messages, deliveries expected and missing, read events missing, refusals, heap trend. */
    public record Result(int messages, long deliveries, long lost, long missingReadEvents, long duplicates,
                         Map<String, Integer> refusals, double heapTrendMbPerMinute) {
    }

    private SoakRun(Harness harness) {
        this.harness = harness;
    }

    /** The {@code scripts/reliability.sh soak} run: every user reconnects every 15-45 s. */
    public static Result run(Harness harness, int users, double minutes, long seed, PrintStream out)
            throws Exception {
        return run(harness, users, minutes, seed, 15, out);
    }

    /** @param reconnectSeconds every user reconnects after {@code reconnectSeconds} to three times that */
    public static Result run(Harness harness, int users, double minutes, long seed, int reconnectSeconds,
                             PrintStream out) throws Exception {
        SoakRun soak = new SoakRun(harness);
        soak.reconnectSeconds = reconnectSeconds;
        return soak.soak(users, minutes, seed, out);
    }

    private Result soak(int userCount, double minutes, long seed, PrintStream out) throws Exception {
        for (int u = 0; u < userCount; u++) {
            users.add(new SoakUser(harness, harness.user("soak")));
        }
        createGroups();
        harness.awaitQuiet();
        long t0 = System.nanoTime();
        try (HeapSampler sampler = new HeapSampler(SAMPLE_SECONDS)) {
            long deadline = t0 + (long) (minutes * 60e9);
            ExecutorService senders = Executors.newFixedThreadPool(userCount);
            List<Future<Integer>> loops = new ArrayList<>();
            for (int u = 0; u < userCount; u++) {
                int me = u;
                Random random = new Random(seed + u);
                loops.add(senders.submit(() -> sendUntil(me, deadline, random)));
            }
            int reconnects = 0;
            for (Future<Integer> loop : loops) {
                reconnects += loop.get();
            }
            senders.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            settle();
            sampler.sample();
            Result result = check(sampler.heapTrend());
            print(out, userCount, minutes, seconds, reconnects, result, sampler.samples());
            return result;
        } finally {
            users.forEach(SoakUser::close);
            harness.awaitQuiet(); // their $disconnects, before the runtime stops
        }
    }

    private void createGroups() throws InterruptedException {
        for (int first = 0; first + GROUP_SIZE <= users.size(); first += GROUP_SIZE) {
            List<String> others = new ArrayList<>();
            List<Integer> members = new ArrayList<>();
            for (int m = first; m < first + GROUP_SIZE; m++) {
                members.add(m);
                if (m > first) {
                    others.add(users.get(m).userId);
                }
            }
            JsonNode info = users.get(first).peer().request(Frames.groupCreate("soak", others), Harness.TIMEOUT);
            String groupId = info.path("groupId").asText();
            groups.add(groupId);
            groupMembers.put(groupId, members);
        }
    }

    /** One user's closed loop until the deadline; returns its reconnects. */
    private int sendUntil(int me, long deadline, Random random) throws InterruptedException {
        SoakUser user = users.get(me);
        long nextReconnect = nextReconnect(random);
        List<String> myGroups = groups.stream().filter(g -> groupMembers.get(g).contains(me)).toList();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() > nextReconnect) {
                user.reconnect();
                nextReconnect = nextReconnect(random);
            }
            boolean toGroup = !myGroups.isEmpty() && random.nextDouble() < GROUP_SHARE;
            String clientMsgId = Frames.newClientMsgId();
            ObjectNode frame;
            List<Integer> recipients;
            if (toGroup) {
                String groupId = myGroups.get(random.nextInt(myGroups.size()));
                frame = Frames.sendToGroup(clientMsgId, groupId, "soak " + clientMsgId);
                recipients = groupMembers.get(groupId).stream().filter(m -> m != me).toList();
            } else {
                int to = (me + 1 + random.nextInt(users.size() - 1)) % users.size();
                frame = Frames.sendMessage(clientMsgId, users.get(to).userId, "soak " + clientMsgId);
                recipients = List.of(to);
            }
            ClientRetry.Outcome outcome = ClientRetry.until(user.peer(), () -> frame.deepCopy(),
                    ClientRetry.type("ack"), "SendMessageHandler");
            outcome.failures().forEach(f -> refusals.merge(f, 1, Integer::sum));
            if (outcome.ok()) {
                sent.add(new Sent(me, outcome.reply().path("messageId").asText(), recipients));
            }
        }
        return user.reconnects();
    }

    private long nextReconnect(Random random) {
        return System.nanoTime() + (long) ((1 + 2 * random.nextDouble()) * reconnectSeconds * 1e9);
    }

    /**
     * Everything in flight ends; every device sends its unconfirmed receipts again and syncs (acknowledging what
     * comes), then syncs once more for the receipt events.
     */
    private void settle() throws InterruptedException {
        harness.awaitQuiet();
        for (SoakUser u : users) {
            u.resendUnconfirmed();
            u.sync();
        }
        harness.awaitQuiet();
        for (SoakUser u : users) {
            u.sync();
        }
        harness.awaitQuiet();
    }

    private Result check(double heapTrend) {
        long deliveries = 0;
        long lost = 0;
        long missingRead = 0;
        for (Sent s : sent) {
            for (int r : s.recipients()) {
                deliveries++;
                lost += users.get(r).received.contains(s.messageId()) ? 0 : 1;
            }
            java.util.Set<String> statuses = users.get(s.sender()).events.get(s.messageId());
            missingRead += statuses != null && statuses.contains("read") ? 0 : 1;
        }
        long copies = users.stream().mapToLong(u -> u.copies.get()).sum();
        long distinct = users.stream().mapToLong(u -> u.received.size()).sum();
        return new Result(sent.size(), deliveries, lost, missingRead, copies - distinct, new TreeMap<>(refusals),
                heapTrend);
    }

    private void print(PrintStream out, int userCount, double minutes, double seconds, int reconnects, Result r,
                       List<HeapSampler.Sample> samples) {
        long receipts = users.stream().mapToLong(u -> u.receiptsSent.get()).sum();
        out.printf("%n## Soak: %d users, %.1f min, 1:1 and groups of %d (%d groups), reconnect every %d-%d s%n",
                userCount, minutes, GROUP_SIZE, groups.size(), reconnectSeconds, 3 * reconnectSeconds);
        out.printf("messages acknowledged  %d (%.1f/s), deliveries expected %d, lost %d, raw duplicates %d%n",
                r.messages(), r.messages() / seconds, r.deliveries(), r.lost(), r.duplicates());
        out.printf("receipt frames sent    %d (%d receipts never confirmed); messages without their read event at"
                + " the sender: %d%n", receipts, users.stream().mapToInt(SoakUser::unconfirmed).sum(),
                r.missingReadEvents());
        out.printf("reconnects             %d; send attempts that failed and were retried: %s (replies that came"
                + " after the %d s timeout: %d; requests the client's own socket failed to write: %d); API Gateway"
                + " error frames (function throttled or failed): %d%n", reconnects, r.refusals(),
                Harness.TIMEOUT.toSeconds(), users.stream().mapToLong(SoakUser::lateReplies).sum(),
                users.stream().mapToLong(SoakUser::sendFailures).sum(),
                users.stream().mapToLong(SoakUser::gatewayErrors).sum());
        out.printf("heap after GC (MB) every %d s: %s%n", SAMPLE_SECONDS, samples.stream()
                .map(s -> String.format("%.0f", s.heapMb())).toList());
        out.printf("heap trend over the second half: %+.2f MB/min%n", r.heapTrendMbPerMinute());
        out.printf("moto RSS (MB): %s%n", samples.stream().map(s -> String.format("%.0f", s.motoRssMb())).toList());
    }
}

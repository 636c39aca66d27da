package dev.chatline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.auth.Identity;
import dev.chatline.aws.AwsClients;
import dev.chatline.aws.TableWrites;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.emulator.MotoServer;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.MessageIds;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.protocol.ClientMessage.Receipt;
import dev.chatline.protocol.Json;
import dev.chatline.testing.FakeConnections;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A receipt frame of 100 message ids, direct and in a group, with one AWS call of it failing — or the function
 * dying right after that call — and then the client's retry of the same frame: for every message the counters are
 * right, the sender was told {@code delivered} and {@code read} exactly once each (de-duplicated by message and
 * status, as a client does), and the recipient device's inbox rows are gone. (The {@code delivered} frame is
 * checked after its retry, the {@code read} frame after the {@code delivered} that preceded it and its retry;
 * {@code read-first} is a {@code read} that moves the messages straight from sent to read.)
 *
 * <p>The calls a frame makes are recorded in a dry run. A failure is injected into the first call of every run of
 * identical operations (nothing of that step happened) and a crash right after the last one (all of it happened,
 * nothing after it); the 100 per-message updates are alike and run 8 at a time in no fixed order, so a first
 * failure also leaves others of them applied. Both frames of the usual pair are faulted: {@code delivered} (then
 * {@code read} without faults) and {@code read} (after {@code delivered}, which already removed the inbox rows).
 *
 * <p>The scenarios run in two classes, {@link DirectReceiptFaultTest} and {@link GroupReceiptFaultTest}, so that the
 * module's two test JVMs (each with its own moto) run them side by side.
 */
@Tag("slow")
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReceiptFaultTest {
    private static final int IDS = 100;
    private static final String GROUP = "01JFAULTGROUP000000000000A";
    private final FakeConnections endpoint = new FakeConnections();
    private final Faults faults = new Faults();
    private MessagingFixture f;
    /** The same graph on clients whose calls the faults see. */
    private MessagingFixture faulty;
    private GroupMemberStore members;
    private final AtomicInteger runs = new AtomicInteger();
    private final boolean group;

    /** @param group whether the chats are groups (else direct chats) */
    ReceiptFaultTest(boolean group) {
        this.group = group;
    }

    @BeforeAll
    void provision(MotoServer moto) {
        TestEnv env = TestEnv.provision(moto, "rcptfault", endpoint.endpoint(), Map.of());
        f = new MessagingFixture(env);
        faulty = new MessagingFixture(env, new AwsClients(env.config, List.of(faults)), f.clock);
        members = new GroupMemberStore(env.ddb, env.config);
    }

    @AfterAll
    void close() {
        faulty.close();
        f.close();
        endpoint.close();
    }

    /** One chat: its sender (connected), the recipient device that acknowledges, its messages. */
    private record Chat(String chatId, String sender, String connectionId, Identity recipient,
                        List<String> messageIds, int recipients) {
        MessageRef ref(String messageId) {
            return new MessageRef(chatId, MessageIds.seqOf(messageId).getAsLong());
        }

        Receipt frame(MessageStatus status) {
            return new Receipt(chatId, messageIds, status.wire());
        }
    }

    /**
     * Faults every call of the frame in turn ({@code frame}: {@code delivered}, {@code read} after {@code delivered},
     * or {@code read-first}; {@code mode}: {@code fail} or {@code crash}), each time on a fresh chat, and checks the
     * outcome after the client's retry.
     */
    @ParameterizedTest(name = "{0} frame, {1}")
    @CsvSource({"delivered, fail", "delivered, crash", "read, fail", "read, crash", "read-first, fail",
            "read-first, crash"})
    void anyFailedCallFollowedByTheClientsRetryTellsTheSenderEachStatusOnceWithRightCounters(String frame,
            String mode) {
        MessageStatus faulted = frame.startsWith("read") ? MessageStatus.READ : MessageStatus.DELIVERED;
        boolean deliveredFirst = frame.equals("read");
        List<String> calls = dryRun(faulted, deliveredFirst);
        for (int k : injectionPoints(calls, mode.equals("crash"))) {
            Chat chat = chat();
            if (deliveredFirst) {
                faulty.receiptService.apply(chat.recipient(), chat.frame(MessageStatus.DELIVERED));
            }
            faults.arm(k, mode.equals("crash"));
            try {
                faulty.receiptService.apply(chat.recipient(), chat.frame(faulted));
            } catch (RuntimeException | Faults.Crash e) {
                // the client gets INTERNAL_ERROR (or nothing, when the function died) and sends the frame again
            } finally {
                faults.disarm();
            }
            assertThat(faults.fired()).as("call %d (%s) of %s", k, calls.get(k - 1), calls).isTrue();
            faulty.receiptService.apply(chat.recipient(), chat.frame(faulted)); // the client's retry
            assertEveryMessageSettled(chat, faulted, deliveredFirst,
                    "fault at call " + k + " (" + calls.get(k - 1) + ")");
        }
    }

    /** The operations of the frame without faults (after the {@code delivered} frame if it comes first). */
    private List<String> dryRun(MessageStatus status, boolean deliveredFirst) {
        Chat chat = chat();
        if (deliveredFirst) {
            faulty.receiptService.apply(chat.recipient(), chat.frame(MessageStatus.DELIVERED));
        }
        faults.record();
        faulty.receiptService.apply(chat.recipient(), chat.frame(status));
        return faults.stopRecording();
    }

    /** 1-based call indexes: the first (or, for crashes, the last) of each run of the same operation. */
    static Set<Integer> injectionPoints(List<String> calls, boolean last) {
        Set<Integer> points = new TreeSet<>();
        for (int i = 0; i < calls.size(); i++) {
            int neighbour = last ? i + 1 : i - 1;
            if (neighbour < 0 || neighbour >= calls.size() || !calls.get(i).equals(calls.get(neighbour))) {
                points.add(i + 1);
            }
        }
        return points;
    }

    /**
     * Every message reached {@code status}; the sender was told each status up to it exactly once (a {@code read}
     * that completed both statuses at once is one {@code read} event: read implies delivered).
     */
    private void assertEveryMessageSettled(Chat chat, MessageStatus status, boolean deliveredFirst,
                                           String context) {
        deliverQueuedJobs();
        Map<String, Set<String>> told = new HashMap<>();
        for (String body : endpoint.framesTo(chat.connectionId())) {
            JsonNode event = Json.read(body);
            if ("receipt".equals(event.path("type").asText())) {
                event.path("messageIds").forEach(id -> told.computeIfAbsent(id.asText(), x -> new TreeSet<>())
                        .add(event.path("status").asText()));
            }
        }
        Set<String> pending = new TreeSet<>();
        f.inbox.page(chat.recipient().device(), Optional.empty(), 1000).entries()
                .forEach(e -> e.message().ifPresent(ref -> pending.add(ref.key())));
        Map<MessageRef, ReceiptStore.Header> headers = f.receipts.headers(chat.messageIds().stream()
                .map(chat::ref).toList());
        int read = status == MessageStatus.READ ? chat.recipients() : 0;
        List<String> events = status == MessageStatus.DELIVERED ? List.of("delivered")
                : deliveredFirst ? List.of("delivered", "read") : List.of("read");
        for (String id : chat.messageIds()) {
            ReceiptStore.Header h = headers.get(chat.ref(id));
            assertThat(h.deliveredCount()).as("%s: delivered count of %s", context, id).isEqualTo(chat.recipients());
            assertThat(h.readCount()).as("%s: read count of %s", context, id).isEqualTo(read);
            assertThat(told.get(id)).as("%s: events of %s", context, id).containsExactlyElementsOf(events);
            assertThat(pending).as("%s: inbox row of %s", context, id).doesNotContain(chat.ref(id).key());
        }
    }

    /** What the fan-out consumer does with the jobs the receipts queued (posts that failed, retried there). */
    private void deliverQueuedJobs() {
        for (var m = f.env.drainAll(f.env.fanoutQueueUrl); !m.isEmpty(); m = f.env.drainAll(f.env.fanoutQueueUrl)) {
            m.forEach(job -> f.fanout.deliver(FanoutJob.fromJson(job.body())));
        }
    }

    /**
     * A fresh chat with {@value #IDS} messages from a connected sender, pending in the recipient device's inbox (the
     * receipt path reads only their headers). A group's messages have the one recipient too, so the faulted
     * receipts complete each status.
     */
    private Chat chat() {
        int n = runs.incrementAndGet();
        String sender = "s" + n;
        String chatId = group ? "g:" + GROUP.substring(0, 22) + String.format("%04d", n) : "d:r" + n + ":s" + n;
        f.device(sender, "phone");
        f.connect(new Identity(sender, "phone"), "c-" + sender);
        Identity device = f.device("r" + n, "phone");
        if (group) {
            for (String user : List.of(sender, device.userId())) {
                TransactionWrite.transact(f.env.ddb, List.of(members.add(new GroupMemberStore.Member(
                        chatId.substring(2), user, GroupMemberStore.Role.MEMBER, 0, 0, "fault"))));
            }
        }
        List<String> ids = new ArrayList<>();
        List<TableWrites> writes = new ArrayList<>();
        long exp = f.clock.instant().getEpochSecond() + 3600;
        MessageIds messageIds = new MessageIds(f.clock);
        for (int seq = 1; seq <= IDS; seq++) {
            StoredMessage m = new StoredMessage(chatId, seq, messageIds.next(seq), sender, "phone", "b", null,
                    f.clock.millis(), 1, exp);
            ids.add(m.messageId());
            writes.add(f.receipts.headerWrites(m, "c-" + sender));
            writes.add(f.inbox.messageWrites(List.of(device.device()), m.ref(), exp));
        }
        f.batch.write(writes);
        return new Chat(chatId, sender, "c-" + sender, device, ids, 1);
    }

    /** Fails (before it is sent) or crashes after (the function dies with the answer) the k-th AWS call. */
    static final class Faults implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        static final class Injected extends RuntimeException {
            Injected(String call) {
                super("injected failure of " + call);
            }
        }

        static final class Crash extends Error {
            Crash(String call) {
                super("the function died after " + call);
            }
        }

        private final AtomicInteger calls = new AtomicInteger();
        private volatile int target;
        private volatile boolean crash;
        private volatile boolean fired;
        private volatile List<String> recording;

        void arm(int k, boolean crashAfter) {
            calls.set(0);
            fired = false;
            crash = crashAfter;
            target = k;
        }

        void disarm() {
            target = 0;
        }

        boolean fired() {
            return fired;
        }

        void record() {
            recording = java.util.Collections.synchronizedList(new ArrayList<>());
        }

        List<String> stopRecording() {
            List<String> out = List.copyOf(recording);
            recording = null;
            return out;
        }

        private static String name(software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
            return a.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            List<String> log = recording;
            if (log != null) {
                log.add(name(attributes));
            }
            if (target > 0 && calls.incrementAndGet() == target) {
                fired = true;
                if (crash) {
                    attributes.putAttribute(CRASH_AFTER, Boolean.TRUE);
                } else {
                    throw new Injected(name(attributes));
                }
            }
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(CRASH_AFTER))) {
                throw new Crash(name(attributes));
            }
        }

        private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> CRASH_AFTER =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("rcptfault.crashAfter");
    }
}

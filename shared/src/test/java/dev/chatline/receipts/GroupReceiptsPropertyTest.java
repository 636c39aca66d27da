package dev.chatline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.auth.Identity;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.emulator.MotoExtension;
import dev.chatline.groups.GroupMemberStore;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.MessageStore;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.testing.MessagingFixture;
import dev.chatline.testing.TestEnv;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Against moto: however the group receipts of N recipients (each from a different device) are duplicated and
 * reordered, the sender is told once per status and only once every recipient reached it ({@code read} standing for
 * delivered when one receipt completes both), and the header's counters equal the recipients that reached each
 * status.
 */
@Tag("slow")
class GroupReceiptsPropertyTest {
    private static final String GROUP = "01JPROPGROUP0000000000000A";
    private static MessagingFixture f;
    private static GroupMemberStore members;
    private static GroupReceipts GROUPS;
    private static final AtomicLong SEQ = new AtomicLong();
    /** The statuses announced to the sender (before each is stored), in order. */
    private static final List<MessageStatus> ANNOUNCED = java.util.Collections.synchronizedList(new ArrayList<>());

    record Ack(int recipient, MessageStatus status) {
    }

    @BeforeContainer
    static void provision() {
        MotoExtension.server().reset();
        f = new MessagingFixture(TestEnv.provision(MotoExtension.server(), "rcptprop", null, Map.of()));
        members = new GroupMemberStore(f.env.ddb, f.env.config);
        GROUPS = new GroupReceipts(f.receipts, members, new dev.chatline.presence.BoundedParallel(2, "prop"));
        for (int r = 0; r < 4; r++) {
            GroupMemberStore.Member m = new GroupMemberStore.Member(GROUP, "user" + r, GroupMemberStore.Role.MEMBER,
                    0, 0, "prop");
            TransactionWrite.transact(f.env.ddb, List.of(members.add(m)));
        }
    }

    @AfterContainer
    static void close() {
        f.close();
    }

    @Provide
    Arbitrary<List<Ack>> acks() {
        Arbitrary<Ack> ack = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.of(MessageStatus.DELIVERED, MessageStatus.READ)).as(Ack::new);
        return ack.list().ofMinSize(0).ofMaxSize(12);
    }

    @Property(tries = 40)
    void senderIsNotifiedExactlyOncePerStatusWhenEveryRecipientReachedIt(
            @ForAll("acks") List<Ack> acks, @ForAll("recipients") int recipients) {
        StoredMessage m = insertMessage(recipients);
        ANNOUNCED.clear();
        List<MessageStatus> completed = new ArrayList<>();
        Set<Integer> delivered = new HashSet<>();
        Set<Integer> read = new HashSet<>();
        AtomicLong device = new AtomicLong();
        for (Ack a : acks) {
            int r = a.recipient() % recipients;
            completed.addAll(apply(m, r, device.incrementAndGet(), a.status()));
            delivered.add(r);
            if (a.status() == MessageStatus.READ) {
                read.add(r);
            }
        }
        assertAnnouncedOnce(completed, recipients, delivered, read);
        assertThat(ANNOUNCED).as("one receipt after the other: told exactly what was stored").isEqualTo(completed);
        ReceiptStore.Header after = f.receipts.header(m.ref()).orElseThrow();
        assertThat(after.deliveredCount()).isEqualTo(delivered.size());
        assertThat(after.readCount()).isEqualTo(read.size());
    }

    /**
     * The same receipts applied concurrently from several threads (as receipts of different members arrive in
     * parallel Lambda invocations): every interleaving still yields the counts and exactly one event per status.
     */
    @Property(tries = 25)
    void concurrentReceiptsInAnyInterleavingNotifyTheSenderExactlyOncePerStatus(
            @ForAll("acks") List<Ack> acks, @ForAll("recipients") int recipients,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 4) int threads) throws Exception {
        StoredMessage m = insertMessage(recipients);
        ANNOUNCED.clear();
        List<MessageStatus> completed = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int lane = t;
                running.add(pool.submit(() -> {
                    for (int i = lane; i < acks.size(); i += threads) {
                        Ack a = acks.get(i);
                        completed.addAll(apply(m, a.recipient() % recipients, 1000L * lane + i, a.status()));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> r : running) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> delivered = new HashSet<>();
        Set<Integer> read = new HashSet<>();
        acks.forEach(a -> {
            delivered.add(a.recipient() % recipients);
            if (a.status() == MessageStatus.READ) {
                read.add(a.recipient() % recipients);
            }
        });
        assertAnnouncedOnce(completed, recipients, delivered, read);
        // concurrent receipts may tell a status twice (or delivered beside a read), never one not reached by all
        assertThat(ANNOUNCED).containsAll(completed);
        if (ANNOUNCED.contains(MessageStatus.DELIVERED)) {
            assertThat(delivered).hasSize(recipients);
        }
        if (ANNOUNCED.contains(MessageStatus.READ)) {
            assertThat(read).hasSize(recipients);
        }
        ReceiptStore.Header after = f.receipts.header(m.ref()).orElseThrow();
        assertThat(after.deliveredCount()).isEqualTo(delivered.size());
        assertThat(after.readCount()).isEqualTo(read.size());
    }

    private static void assertAnnouncedOnce(List<MessageStatus> completed, int recipients, Set<Integer> delivered,
                                            Set<Integer> read) {
        long deliveredEvents = completed.stream().filter(s -> s == MessageStatus.DELIVERED).count();
        long readEvents = completed.stream().filter(s -> s == MessageStatus.READ).count();
        assertThat(readEvents).isEqualTo(read.size() == recipients ? 1 : 0);
        if (delivered.size() < recipients) {
            assertThat(deliveredEvents).isZero();
        } else if (read.size() < recipients) {
            assertThat(deliveredEvents).isEqualTo(1);
        } else {
            assertThat(deliveredEvents).isLessThanOrEqualTo(1);
        }
    }

    /** One receipt of recipient {@code r} from its device {@code device}: the statuses it completed. */
    private static List<MessageStatus> apply(StoredMessage m, int r, long device, MessageStatus status) {
        return GROUPS.apply(new Identity("user" + r, "d" + device), GROUP, List.of(m.ref()),
                List.of(m.messageId()), status, f.clock.millis(),
                told -> told.forEach(o -> ANNOUNCED.add(o.completed().orElseThrow()))).stream()
                .flatMap(o -> o.completed().stream()).toList();
    }

    @Provide
    Arbitrary<Integer> recipients() {
        return Arbitraries.integers().between(1, 4);
    }

    private static StoredMessage insertMessage(int recipients) {
        long seq = SEQ.incrementAndGet();
        long exp = f.clock.instant().getEpochSecond() + 3600;
        StoredMessage m = new StoredMessage("g:" + GROUP, seq, "id-" + seq, "sender", "phone", "b", null,
                f.clock.millis(), recipients, exp);
        assertThat(f.messages.insert(m, List.of(f.idempotency.putIfAbsent("sender", "prop-" + seq,
                new dev.chatline.send.IdempotencyStore.Entry("g:" + GROUP, seq, "id-" + seq, 0, exp)),
                f.receipts.headerPut(m)))).isEqualTo(MessageStore.InsertOutcome.INSERTED);
        return f.messages.get(new MessageRef("g:" + GROUP, seq)).orElseThrow();
    }
}

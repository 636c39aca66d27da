package dev.chatline.client.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatline.client.ordering.ChatSequencer.GapFetch;
import dev.chatline.client.ordering.ChatSequencer.Kind;
import dev.chatline.client.ordering.ChatSequencer.Offer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChatSequencerTest {
    private static final String CHAT = "d:alice:bob";
    private static final Duration WAIT = Duration.ofMillis(1500);
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private final ChatSequencer<String> sequencer = new ChatSequencer<>(WAIT, Map.of(CHAT, 10L));
    private final List<String> shown = new ArrayList<>();

    private Offer<String> offer(long seq, Instant at) {
        Offer<String> offer = sequencer.offer(CHAT, seq, "m" + seq, at);
        shown.addAll(offer.show());
        return offer;
    }

    private Offer<String> offer(long seq) {
        return offer(seq, T0);
    }

    /** A wiped local backend starts every chat at seq 1 again: after a reset, seq 1 is news, not a duplicate. */
    @Test
    void afterAResetAChatStartsAgain() {
        assertThat(offer(1).kind()).isEqualTo(Kind.DUPLICATE);
        sequencer.reset();
        assertThat(offer(1).kind()).isEqualTo(Kind.SHOWN);
        assertThat(sequencer.position(CHAT)).hasValue(1);
    }

    @Test
    void messagesInOrderAreShownAtOnce() {
        assertThat(offer(11).kind()).isEqualTo(Kind.SHOWN);
        assertThat(offer(12).kind()).isEqualTo(Kind.SHOWN);
        assertThat(shown).containsExactly("m11", "m12");
        assertThat(sequencer.takeMovedPositions()).containsExactly(Map.entry(CHAT, 12L));
        assertThat(sequencer.takeMovedPositions()).isEmpty();
    }

    @Test
    void aMessageAfterAGapWaitsForItsPredecessorAndThenBothAreShownInOrder() {
        assertThat(offer(13).kind()).isEqualTo(Kind.BUFFERED);
        assertThat(offer(12).kind()).isEqualTo(Kind.BUFFERED);
        assertThat(shown).isEmpty();
        Offer<String> filled = offer(11);
        assertThat(filled.kind()).isEqualTo(Kind.SHOWN);
        assertThat(filled.show()).containsExactly("m11", "m12", "m13");
        assertThat(sequencer.position(CHAT)).hasValue(13);
    }

    @Test
    void aDuplicateIsNeitherShownTwiceNorBufferedTwice() {
        offer(11);
        assertThat(offer(11).kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(offer(5).kind()).as("below the persisted position").isEqualTo(Kind.DUPLICATE);
        offer(13);
        assertThat(offer(13).kind()).as("the same buffered message again").isEqualTo(Kind.DUPLICATE);
        offer(12);
        assertThat(shown).containsExactly("m11", "m12", "m13");
    }

    @Test
    void aGapIsAskedOfHistoryOnlyAfterTheWait() {
        offer(13, T0);
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT).minusMillis(1))).isEmpty();
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT)))
                .containsExactly(new GapFetch(CHAT, 13, 2));
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT.multipliedBy(2)))).as("one request in flight").isEmpty();
    }

    @Test
    void aGapFilledLateByTheLiveMessageNeedsNoHistoryAnswer() {
        offer(12, T0);
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT))).hasSize(1);
        offer(11, T0.plus(WAIT).plusMillis(10));
        assertThat(shown).containsExactly("m11", "m12");
        List<String> late = sequencer.historyAnswer(CHAT, Map.of(11L, "h11"), OptionalLong.empty(), T0.plusSeconds(3));
        assertThat(late).isEmpty();
        assertThat(sequencer.dueGapFetches(T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void seqsHistoryDoesNotReturnAreGivenUpAndTheBufferedMessagesShown() {
        offer(14, T0);
        offer(16, T0);
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT))).containsExactly(new GapFetch(CHAT, 14, 3));
        // 11 was burnt, 12 exists but never reached this device, 13 expired
        List<String> show = sequencer.historyAnswer(CHAT, Map.of(12L, "h12"), OptionalLong.empty(), T0.plusSeconds(2));
        assertThat(show).containsExactly("h12", "m14");
        assertThat(sequencer.position(CHAT)).hasValue(14);
        // 15 is the next gap, asked once its wait (from when 16 arrived) is over
        assertThat(sequencer.dueGapFetches(T0.plusSeconds(2))).containsExactly(new GapFetch(CHAT, 16, 1));
        assertThat(sequencer.historyAnswer(CHAT, Map.of(), OptionalLong.empty(), T0.plusSeconds(3)))
                .containsExactly("m16");
    }

    @Test
    void aLongGapIsResolvedPageByPageFromTheNewestDown() {
        offer(300, T0);
        assertThat(sequencer.dueGapFetches(T0.plus(WAIT))).containsExactly(new GapFetch(CHAT, 300, 100));
        // the server returned 299..200 (a full page) and says older ones may remain
        Map<Long, String> page = new java.util.HashMap<>();
        for (long s = 200; s < 300; s++) {
            page.put(s, "h" + s);
        }
        assertThat(sequencer.historyAnswer(CHAT, page, OptionalLong.of(200), T0.plusSeconds(2))).isEmpty();
        assertThat(sequencer.dueGapFetches(T0.plusSeconds(2))).as("the continuation is due at once")
                .containsExactly(new GapFetch(CHAT, 200, 100));
        List<String> show = sequencer.historyAnswer(CHAT, Map.of(50L, "h50"), OptionalLong.empty(), T0.plusSeconds(3));
        assertThat(show).hasSize(102).startsWith("h50", "h200").endsWith("h299", "m300");
        assertThat(sequencer.position(CHAT)).hasValue(300);
    }

    @Test
    void aMessageArrivingAfterItsSeqWasGivenUpIsLateOnceThenADuplicate() {
        offer(12, T0);
        sequencer.dueGapFetches(T0.plus(WAIT));
        sequencer.historyAnswer(CHAT, Map.of(), OptionalLong.empty(), T0.plusSeconds(2));
        Offer<String> late = offer(11, T0.plusSeconds(3));
        assertThat(late.kind()).isEqualTo(Kind.LATE);
        assertThat(late.show()).containsExactly("m11");
        assertThat(offer(11).kind()).isEqualTo(Kind.DUPLICATE);
    }

    @Test
    void aFailedHistoryRequestIsAskedAgainAfterTheWait() {
        offer(12, T0);
        Instant failedAt = T0.plus(WAIT);
        sequencer.dueGapFetches(failedAt);
        sequencer.historyFailed(CHAT, failedAt);
        assertThat(sequencer.nextDeadline()).hasValue(failedAt.plus(WAIT));
        assertThat(sequencer.dueGapFetches(failedAt.plus(WAIT).minusMillis(1))).isEmpty();
        assertThat(sequencer.dueGapFetches(failedAt.plus(WAIT))).containsExactly(new GapFetch(CHAT, 12, 1));
    }

    @Test
    void theNextDeadlineIsTheOldestBufferedMessagesWait() {
        assertThat(sequencer.nextDeadline()).isEmpty();
        offer(13, T0.plusMillis(200));
        offer(15, T0.plusMillis(700));
        assertThat(sequencer.nextDeadline()).hasValue(T0.plusMillis(200).plus(WAIT));
        sequencer.dueGapFetches(T0.plusSeconds(2));
        assertThat(sequencer.nextDeadline()).as("a request in flight has no deadline").isEmpty();
    }

    @Test
    void atFirstContactTheFirstMessageIsShownAndIsTheBaseline() {
        ChatSequencer<String> fresh = new ChatSequencer<>(WAIT, Map.of());
        assertThat(fresh.offer("g:G", 40, "m40", T0).kind()).isEqualTo(Kind.SHOWN);
        assertThat(fresh.position("g:G")).hasValue(40);
        assertThat(fresh.offer("g:G", 41, "m41", T0).kind()).isEqualTo(Kind.SHOWN);
        Offer<String> earlier = fresh.offer("g:G", 39, "m39", T0);
        assertThat(earlier.kind()).as("before the baseline: not lost, but out of order").isEqualTo(Kind.LATE);
        assertThat(fresh.offer("d:x:y", 1, "first", T0).kind()).isEqualTo(Kind.SHOWN);
        assertThat(fresh.offer("d:x:y", 3, "third", T0).kind()).as("seq 1 leaves no baseline doubt")
                .isEqualTo(Kind.BUFFERED);
    }

    @Test
    void ownMessagesAdvanceThePositionSoTheNextIncomingMessageIsNoGap() {
        assertThat(sequencer.ownMessage(CHAT, 11, T0)).isEmpty();
        assertThat(offer(12).kind()).isEqualTo(Kind.SHOWN);
        assertThat(sequencer.position(CHAT)).hasValue(12);
    }

    @Test
    void anOwnAckThatComesAfterTheNextIncomingMessageReleasesIt() {
        assertThat(offer(12).kind()).isEqualTo(Kind.BUFFERED);
        assertThat(sequencer.ownMessage(CHAT, 11, T0)).containsExactly("m12");
    }

    @Test
    void anOwnMessageAtFirstContactIsTheBaseline() {
        ChatSequencer<String> fresh = new ChatSequencer<>(WAIT, Map.of());
        fresh.ownMessage("g:G", 1, T0);
        assertThat(fresh.offer("g:G", 2, "m2", T0).kind()).isEqualTo(Kind.SHOWN);
    }

    @Test
    void afterSyncEveryGapIsAskedAtOnce() {
        offer(12, T0);
        assertThat(sequencer.allGapFetches()).containsExactly(new GapFetch(CHAT, 12, 1));
    }
}

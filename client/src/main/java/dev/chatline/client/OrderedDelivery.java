package dev.chatline.client;

import dev.chatline.client.ordering.ChatSequencer;
import dev.chatline.client.ordering.ChatSequencer.GapFetch;
import dev.chatline.client.ordering.ChatSequencer.Offer;
import dev.chatline.client.store.ChatPositions;
import dev.chatline.client.transport.ChatSocket;
import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.ChatFrames.Message;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Hands a connection's {@code message} frames to the {@link Target} in {@code seq} order per chat
 * (docs/protocol.md "Ordering and gaps"): the {@link ChatSequencer} decides, this class does the I/O around it —
 * a timer per buffered message for the gap wait, {@code history} requests for gaps, and the chat positions in
 * {@code chats.json}. Every method but {@link #ownMessage} and {@link #resolveGapsNow} runs on the socket's
 * dispatch thread; those two hand their work to it.
 */
final class OrderedDelivery {
    /** How long a gap may stay open before {@code history} is asked. */
    static final Duration GAP_WAIT = Duration.ofMillis(1500);

    /** Where ordered frames go (the {@link IncomingHandler}). */
    interface Target {
        /** Show (decrypt, report, acknowledge) {@code frame}; {@code late}: its seq had been given up. */
        void show(Message frame, boolean late);

        /** A copy of a message already shown: acknowledge it again. */
        void duplicate(Message frame);

        /** The lowest seq of the chat that was handed over but could not be shown yet, if any. */
        OptionalLong firstUnshownSeq(String chatId);

        /** A step on the dispatch thread is over (send the acknowledgements it collected). */
        void stepDone();
    }

    private final ChatSequencer<Message> sequencer;
    private final ChatPositions positions;
    private final ChatSocket socket;
    private final Clock clock;
    private final Target target;
    /** When the pending gap timer fires (null: none). */
    private Instant checkAt;

    OrderedDelivery(ChatPositions positions, ChatSocket socket, Clock clock, Target target) {
        this.sequencer = new ChatSequencer<>(GAP_WAIT, positions.all());
        this.positions = positions;
        this.socket = socket;
        this.clock = clock;
        this.target = target;
    }

    /** A {@code message} frame arrived. */
    void offer(Message frame) {
        Offer<Message> offer = sequencer.offer(frame.chatId(), frame.seq(), frame, clock.instant());
        switch (offer.kind()) {
            case DUPLICATE -> target.duplicate(frame);
            case LATE -> target.show(frame, true);
            case SHOWN -> showInOrder(offer.show());
            case BUFFERED -> scheduleCheck(clock.instant().plus(GAP_WAIT));
        }
    }

    /** This device's own message got {@code seq} in {@code chatId}: the chat moves over it. Any thread. */
    void ownMessage(String chatId, long seq) {
        socket.runOnDispatch(Duration.ZERO, () -> {
            showInOrder(sequencer.ownMessage(chatId, seq, clock.instant()));
            target.stepDone();
        });
    }

    /**
     * The server no longer knows this device (a wiped local backend: its seqs start again at 1), so every chat
     * position is forgotten, in memory and in the store, before the frames that follow. Any thread.
     */
    void forgetPositions() {
        socket.runOnDispatch(Duration.ZERO, () -> {
            sequencer.reset();
            positions.clear();
        });
    }

    /** {@code sync} has finished: every gap left is asked of {@code history} now. Any thread. */
    void resolveGapsNow() {
        socket.runOnDispatch(Duration.ZERO, () -> fetch(sequencer.allGapFetches()));
    }

    /** Runs {@code task} on the dispatch thread after {@code delay}. */
    void later(Duration delay, Runnable task) {
        socket.runOnDispatch(delay, task);
    }

    /** The target could show the frames it had held back in {@code chatId}: record how far the chat got. */
    void unblocked(String chatId) {
        sequencer.position(chatId).ifPresent(p -> persist(Map.of(chatId, p)));
    }

    private void showInOrder(List<Message> frames) {
        frames.forEach(f -> target.show(f, false));
        persist(sequencer.takeMovedPositions());
    }

    /**
     * Writes the moved positions, but never past a frame the target still holds (a group message waiting for its
     * sender key is not acknowledged either, so after a restart it comes again and must not count as shown).
     */
    private void persist(Map<String, Long> moved) {
        Map<String, Long> capped = new HashMap<>();
        moved.forEach((chatId, position) -> capped.put(chatId,
                Math.min(position, target.firstUnshownSeq(chatId).orElse(Long.MAX_VALUE) - 1)));
        positions.advance(capped);
    }

    private void checkGaps() {
        fetch(sequencer.dueGapFetches(clock.instant()));
        sequencer.nextDeadline().ifPresent(this::scheduleCheck);
    }

    /** One timer for the earliest deadline; a timer that fires a little early just schedules the next. */
    private void scheduleCheck(Instant at) {
        if (checkAt != null && !checkAt.isAfter(at)) {
            return;
        }
        checkAt = at;
        Duration delay = Duration.between(clock.instant(), at);
        socket.runOnDispatch(delay.isNegative() ? Duration.ZERO : delay, () -> {
            if (at.equals(checkAt)) {
                checkAt = null;
            }
            checkGaps();
        });
    }

    private void fetch(List<GapFetch> fetches) {
        for (GapFetch gap : fetches) {
            ClientMessage.History frame = new ClientMessage.History(gap.chatId(), (long) gap.beforeSeq(),
                    (long) gap.limit());
            socket.request(frame).whenComplete((reply, error) ->
                    socket.runOnDispatch(Duration.ZERO, () -> answer(gap, reply, error)));
        }
    }

    private void answer(GapFetch gap, ServerFrame reply, Throwable error) {
        if (error != null || !(reply instanceof ChatFrames.History page)) {
            sequencer.historyFailed(gap.chatId(), clock.instant());
            checkGaps();
            return;
        }
        Map<Long, Message> messages = new TreeMap<>();
        for (ChatFrames.StoredMessage entry : page.messages() == null ? List.<ChatFrames.StoredMessage>of()
                : page.messages()) {
            messages.put(entry.seq(), Message.of(entry));
        }
        OptionalLong nextBeforeSeq = page.nextBeforeSeq() != null
                ? OptionalLong.of(page.nextBeforeSeq()) : OptionalLong.empty();
        showInOrder(sequencer.historyAnswer(gap.chatId(), messages, nextBeforeSeq, clock.instant()));
        checkGaps(); // a long gap continues with the next page at once
        target.stepDone();
    }
}

package dev.chatline.client.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Puts each chat's incoming messages in {@code seq} order (docs/protocol.md "Ordering and gaps"). Pure logic, no
 * I/O and no clock: the caller passes the time, sends the {@code history} requests this class asks for, and shows
 * what it returns. Not thread-safe (the client uses it on its dispatch thread only).
 *
 * <p>Invariants, per chat: {@code position} is the highest seq shown (or given up) with nothing missing below it;
 * it only grows; an item is returned to be shown at most once, and always in increasing seq order, except
 * {@link Kind#LATE} items (a seq this class had already given up as a gap). A seq is unique in a chat (one message
 * per seq), so the seq identifies a message: a seq at or below the position, or already buffered, is a duplicate.
 *
 * @param <T> what is shown (the client uses the message frame)
 */
public final class ChatSequencer<T> {
    /** Most message ids a {@code history} request asks for. */
    public static final int HISTORY_LIMIT = 100;
    /** Given-up seq ranges remembered per chat (to recognise a late message); older ones count as duplicates. */
    static final int GIVEN_UP_RANGES = 256;

    /** What became of an offered message. */
    public enum Kind {
        /** It (and perhaps buffered successors) can be shown now: {@link Offer#show()}. */
        SHOWN,
        /** A seq before it is missing: kept until the gap is filled or resolved. */
        BUFFERED,
        /** Seen before (or its seq is already passed): acknowledge it again, do not show it. */
        DUPLICATE,
        /** Its seq had been given up as a gap; it arrived after all. Shown out of order (or placed by seq). */
        LATE
    }

    /** The decision for one offered message; {@code show} lists what to show now, in order. */
    public record Offer<T>(Kind kind, List<T> show) {
    }

    /** Ask {@code history} of {@code chatId} with {@code beforeSeq} and {@code limit}; answer with {@link #historyAnswer}. */
    public record GapFetch(String chatId, long beforeSeq, int limit) {
    }

    private final Duration gapWait;
    private final Map<String, Chat<T>> chats = new HashMap<>();
    private final Map<String, Long> moved = new LinkedHashMap<>();

    /** @param positions the positions persisted before (chat id → highest seq shown contiguously) */
    public ChatSequencer(Duration gapWait, Map<String, Long> positions) {
        this.gapWait = Objects.requireNonNull(gapWait);
        positions.forEach((chatId, position) -> chats.put(chatId, new Chat<>(position)));
    }

    /** A {@code message} frame of {@code chatId} with {@code seq} arrived at {@code now}. */
    public Offer<T> offer(String chatId, long seq, T item, Instant now) {
        Chat<T> chat = chats.computeIfAbsent(chatId, c -> Chat.firstContact(seq));
        if (seq <= chat.position) {
            return chat.takeGivenUp(seq) ? new Offer<>(Kind.LATE, List.of(item)) : new Offer<>(Kind.DUPLICATE, List.of());
        }
        if (chat.buffer.putIfAbsent(seq, new Entry<>(item, now)) != null) {
            return new Offer<>(Kind.DUPLICATE, List.of());
        }
        List<T> show = settle(chatId, chat);
        return new Offer<>(show.isEmpty() ? Kind.BUFFERED : Kind.SHOWN, show);
    }

    /**
     * This device sent a message that got {@code seq} (the {@code ack}): nothing to show for it, but the chat moves
     * over it, so the next incoming message is no gap. Returns buffered successors that can be shown now.
     */
    public List<T> ownMessage(String chatId, long seq, Instant now) {
        Chat<T> chat = chats.computeIfAbsent(chatId, c -> Chat.firstContact(seq));
        if (seq <= chat.position) {
            chat.takeGivenUp(seq);
            return List.of();
        }
        chat.buffer.putIfAbsent(seq, new Entry<>(null, now));
        return settle(chatId, chat);
    }

    /**
     * The gaps to resolve now: those whose oldest buffered message has waited {@code gapWait}, and continuations of
     * a resolution in progress. At most one request per chat is in flight.
     */
    public List<GapFetch> dueGapFetches(Instant now) {
        return gapFetches(chat -> !dueAt(chat).isAfter(now));
    }

    /** Every gap, at once: after {@code sync} has finished, everything stored for this device has been posted. */
    public List<GapFetch> allGapFetches() {
        return gapFetches(chat -> true);
    }

    /** When {@link #dueGapFetches} will next have something to ask (empty while nothing waits). */
    public Optional<Instant> nextDeadline() {
        return chats.values().stream().filter(c -> !c.fetching && !c.buffer.isEmpty()).map(this::dueAt)
                .min(Instant::compareTo);
    }

    /** A gap is due after the wait (from its oldest buffered message), a continuation at once; a failure backs off. */
    private Instant dueAt(Chat<T> chat) {
        Instant due = chat.gapTop > 0 ? Instant.MIN : chat.buffer.firstEntry().getValue().arrived.plus(gapWait);
        return chat.notBefore != null && chat.notBefore.isAfter(due) ? chat.notBefore : due;
    }

    private List<GapFetch> gapFetches(Predicate<Chat<T>> due) {
        List<GapFetch> out = new ArrayList<>();
        chats.forEach((chatId, chat) -> {
            if (!chat.fetching && !chat.buffer.isEmpty() && due.test(chat)) {
                if (chat.gapTop == 0) {
                    chat.gapTop = chat.buffer.firstKey();
                    chat.coveredFrom = chat.gapTop;
                }
                chat.fetching = true;
                long missing = chat.coveredFrom - chat.position - 1;
                out.add(new GapFetch(chatId, chat.coveredFrom, (int) Math.min(HISTORY_LIMIT, missing)));
            }
        });
        return out;
    }

    /**
     * The {@code history} answer to a {@link GapFetch}: {@code messages} by seq, {@code nextBeforeSeq} as the server
     * sent it. Every seq of the requested range the server did not return (and that has not arrived) never will:
     * once the range is covered down to the position, those seqs are given up and the buffered messages shown.
     * Returns what can be shown now, in order; a range not yet covered is asked again by {@link #dueGapFetches}.
     */
    public List<T> historyAnswer(String chatId, Map<Long, T> messages, OptionalLong nextBeforeSeq, Instant now) {
        Chat<T> chat = chats.get(chatId);
        if (chat == null || !chat.fetching) {
            return List.of();
        }
        chat.fetching = false;
        messages.forEach((seq, item) -> {
            if (seq > chat.position) {
                chat.buffer.putIfAbsent(seq, new Entry<>(item, now));
            }
        });
        if (chat.gapTop > 0) {
            chat.coveredFrom = nextBeforeSeq.isPresent() ? Math.min(chat.coveredFrom, nextBeforeSeq.getAsLong())
                    : chat.position + 1;
        }
        return settle(chatId, chat);
    }

    /** The {@code history} request failed at {@code now}: the gap is asked again after the wait. */
    public void historyFailed(String chatId, Instant now) {
        Chat<T> chat = chats.get(chatId);
        if (chat != null) {
            chat.fetching = false;
            chat.notBefore = now.plus(gapWait);
        }
    }

    /** Forgets every chat (the server's history they referred to is gone, e.g. a wiped local backend). */
    public void reset() {
        chats.clear();
        moved.clear();
    }

    /** The chats whose position moved since the last call (chat id → position), to persist. */
    public Map<String, Long> takeMovedPositions() {
        Map<String, Long> out = new LinkedHashMap<>(moved);
        moved.clear();
        return out;
    }

    /** The chat's position, or empty when this device has not seen the chat. */
    public OptionalLong position(String chatId) {
        Chat<T> chat = chats.get(chatId);
        return chat == null ? OptionalLong.empty() : OptionalLong.of(chat.position);
    }

    private List<T> settle(String chatId, Chat<T> chat) {
        long before = chat.position;
        List<T> show = new ArrayList<>();
        if (chat.gapTop > 0 && chat.position + 1 >= chat.coveredFrom) {
            chat.giveUpMissingBelow(chat.gapTop, show);
            chat.gapTop = 0;
        }
        chat.drain(show);
        if (chat.position != before) {
            moved.put(chatId, chat.position);
        }
        return show;
    }

    /** A buffered message, or (item null) a seq this device sent itself. */
    private record Entry<T>(T item, Instant arrived) {
    }

    private static final class Chat<T> {
        final TreeMap<Long, Entry<T>> buffer = new TreeMap<>();
        /** Seq ranges given up as gaps (start → end, inclusive): a message there later is LATE, not a duplicate. */
        final TreeMap<Long, Long> givenUp = new TreeMap<>();
        long position;
        /** While a gap is being resolved: the lowest buffered seq when it started (0 = none). */
        long gapTop;
        /** Every message in [coveredFrom, gapTop) is known: buffered, or not on the server. */
        long coveredFrom;
        boolean fetching;
        /** After a failed request: not asked again before this. */
        Instant notBefore;

        Chat(long position) {
            this.position = position;
        }

        /** No seq known: the first message seen is the baseline; earlier seqs count as given up. */
        static <T> Chat<T> firstContact(long seq) {
            Chat<T> chat = new Chat<>(seq - 1);
            chat.giveUp(1, seq - 1);
            return chat;
        }

        void drain(List<T> show) {
            while (!buffer.isEmpty() && buffer.firstKey() == position + 1) {
                Entry<T> e = buffer.pollFirstEntry().getValue();
                position++;
                if (e.item != null) {
                    show.add(e.item);
                }
            }
        }

        /** Every seq below {@code top} is known: shows what is buffered there and gives up the rest. */
        void giveUpMissingBelow(long top, List<T> show) {
            while (!buffer.isEmpty() && buffer.firstKey() < top) {
                Map.Entry<Long, Entry<T>> e = buffer.pollFirstEntry();
                giveUp(position + 1, e.getKey() - 1);
                position = e.getKey();
                if (e.getValue().item != null) {
                    show.add(e.getValue().item);
                }
            }
            if (top - 1 > position) {
                giveUp(position + 1, top - 1);
                position = top - 1;
            }
        }

        void giveUp(long from, long to) {
            if (from <= to) {
                givenUp.put(from, to);
                if (givenUp.size() > GIVEN_UP_RANGES) {
                    givenUp.pollFirstEntry();
                }
            }
        }

        boolean takeGivenUp(long seq) {
            Map.Entry<Long, Long> range = givenUp.floorEntry(seq);
            if (range == null || range.getValue() < seq) {
                return false;
            }
            givenUp.remove(range.getKey());
            giveUp(range.getKey(), seq - 1);
            giveUp(seq + 1, range.getValue());
            return true;
        }
    }
}

package dev.chatline.client.receipts;

import dev.chatline.protocol.ClientMessage.Receipt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends {@code receipt} frames one way (no {@code requestId}, so the server sends no reply), with the message ids
 * of one chat and status batched: at most {@value #MAX_IDS} per frame, as docs/protocol.md allows. Acknowledgements
 * collect until {@link #flush()}; while {@link #hold() held} (during {@code sync}) a flush waits for the matching
 * {@link #release()} unless forced, so a page of synced messages costs one frame per chat. Thread-safe.
 */
public final class ReceiptBatcher {
    public static final int MAX_IDS = Receipt.MAX_MESSAGE_IDS;

    private record Key(String chatId, String status) {
    }

    private final Consumer<Receipt> sink;
    private final Map<Key, Set<String>> pending = new LinkedHashMap<>();
    private int holds;

    /** @param sink sends a frame one way (the client's socket {@code post}) */
    public ReceiptBatcher(Consumer<Receipt> sink) {
        this.sink = sink;
    }

    /** Queues the acknowledgement of one message. */
    public synchronized void add(String chatId, String status, String messageId) {
        pending.computeIfAbsent(new Key(chatId, status), k -> new LinkedHashSet<>()).add(messageId);
    }

    /** Sends these ids of one chat at once (chunked), e.g. read marks. */
    public void send(String chatId, String status, Collection<String> messageIds) {
        frames(new Key(chatId, status), new ArrayList<>(new LinkedHashSet<>(messageIds))).forEach(sink);
    }

    /** Sends what is queued, unless held. */
    public void flush() {
        sendQueued(false);
    }

    /** Sends what is queued, even while held (e.g. after each {@code sync} page). */
    public void flushNow() {
        sendQueued(true);
    }

    public synchronized void hold() {
        holds++;
    }

    /** Ends a {@link #hold()} and flushes. */
    public void release() {
        synchronized (this) {
            holds--;
        }
        flush();
    }

    private void sendQueued(boolean evenIfHeld) {
        List<Receipt> frames = new ArrayList<>();
        synchronized (this) {
            if (holds > 0 && !evenIfHeld) {
                return;
            }
            pending.forEach((key, ids) -> frames.addAll(frames(key, new ArrayList<>(ids))));
            pending.clear();
        }
        frames.forEach(sink);
    }

    private static List<Receipt> frames(Key key, List<String> ids) {
        List<Receipt> frames = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX_IDS) {
            frames.add(new Receipt(key.chatId(), ids.subList(from, Math.min(ids.size(), from + MAX_IDS)),
                    key.status()));
        }
        return frames;
    }
}

package dev.chatline.client;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DecryptionException.Reason;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The receiving side of retry receipts (dispatch thread only): which messages failed to decrypt and were asked
 * again ({@code retry} receipt instead of {@code delivered}, so they stay in this device's inbox), and which were
 * shown recently (so a resend of a message this device could read is dropped). When the resend of a failed message
 * is shown, the original is acknowledged. In memory: after a restart the originals come again on {@code sync} and
 * count as duplicates (acknowledged).
 */
final class RetryTracker {
    private static final int REMEMBERED = 1000;

    /** messageId → chatId of the messages asked again and not replaced yet. */
    private final Map<String, String> awaiting = new LinkedHashMap<>();
    private final Set<String> shown = new LinkedHashSet<>();

    /** Failures worth asking again for: a session or key this device lacks, or a ciphertext that did not verify. */
    static boolean retryable(DecryptionException e) {
        return e.reason() == Reason.NO_SESSION || e.reason() == Reason.INVALID_CIPHERTEXT
                || e.reason() == Reason.MISSING_SENDER_KEY;
    }

    /** Records the request; false when this message was already asked for. */
    boolean asked(String messageId, String chatId) {
        return awaiting.putIfAbsent(messageId, chatId) == null;
    }

    boolean isAwaiting(String messageId) {
        return awaiting.containsKey(messageId);
    }

    void shown(String messageId) {
        shown.add(messageId);
        if (shown.size() > REMEMBERED) {
            shown.remove(shown.iterator().next());
        }
    }

    boolean wasShown(String messageId) {
        return shown.contains(messageId);
    }

    /** The resend of {@code originalId} was shown: the original's chat id, to acknowledge it, or null. */
    String replaced(String originalId) {
        return awaiting.remove(originalId);
    }
}

package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.local.e2e.Frames;
import java.util.List;
import java.util.function.Predicate;

/**
 * The checks the fault scenarios share: was a message shown once, did a receipt event come, what does the header
 * say.
 */
final class Deliveries {
    private Deliveries() {
    }

    /**
     * The device has exactly one distinct message matching {@code isIt} (received live or through sync): none is a
     * lost message, two ids are a message shown twice. Copies of that id beyond the first are raw duplicates.
     *
     * @return the message's id, or null when not exactly one
     */
    static String shownOnce(Verdict verdict, Peer device, Predicate<JsonNode> isIt, String what) {
        List<JsonNode> matching = device.messageFrames().stream().filter(isIt).toList();
        String where = device.userId + "/" + device.deviceId;
        verdict.check(!matching.isEmpty(), what + " lost on " + where);
        verdict.check(matching.size() <= 1, what + " shown " + matching.size() + " times on " + where);
        for (JsonNode m : matching) {
            verdict.duplicates(device.copies(m.path("messageId").asText()) - 1);
        }
        return matching.size() == 1 ? matching.get(0).path("messageId").asText() : null;
    }

    static Predicate<JsonNode> body(String body) {
        return m -> body.equals(m.path("body").asText());
    }

    /** Receipt events the sender got for {@code messageId} announcing {@code status} ({@code read} implies it). */
    static long receiptEvents(Peer sender, String messageId, String status) {
        return sender.receiptEvents().stream()
                .filter(e -> "read".equals(e.path("status").asText()) || status.equals(e.path("status").asText()))
                .filter(e -> Frames.texts(e.path("messageIds")).contains(messageId)).count();
    }

    /** The sender's {@code receiptInfo} for one message; null when refused. */
    static JsonNode receiptInfo(Peer sender, String chatId, String messageId) throws InterruptedException {
        ObjectNode frame = Frames.receiptInfo(chatId, messageId);
        JsonNode reply = sender.request(frame, Harness.TIMEOUT);
        return reply != null && Frames.isType(reply, "receiptInfo") ? reply : null;
    }

    /** Sends a receipt and retries it until acknowledged (what the app does with a confirmed receipt). */
    static ClientRetry.Outcome receipt(Peer device, String chatId, String status, String messageId)
            throws InterruptedException {
        return ClientRetry.until(device, () -> Frames.receipt(chatId, status, List.of(messageId)),
                reply -> Frames.isType(reply, "ack"), "ReceiptHandler");
    }
}

package dev.chatline.receipts;

import dev.chatline.messaging.MessageStatus;
import dev.chatline.protocol.ClientMessage.Receipt;
import java.util.List;

/**
 * A {@code receipt} as the receipt service applies it, built by it from the record ({@link Receipt}, whose rules
 * these are): {@code chatId}, {@code messageIds} (1..100), {@code status} delivered|read, or {@value #RETRY} (a retry
 * receipt: the device could not decrypt the messages; {@code status} is then null).
 */
public record ReceiptRequest(String chatId, List<String> messageIds, MessageStatus status) {
    public static final int MAX_MESSAGE_IDS = Receipt.MAX_MESSAGE_IDS;
    /** The status of a retry receipt: asks the senders to encrypt the messages again; stores nothing. */
    public static final String RETRY = Receipt.RETRY;

    public ReceiptRequest {
        messageIds = List.copyOf(messageIds);
    }

    public boolean retry() {
        return status == null;
    }

    /** The receipt of a decoded, valid {@code receipt}; {@code status} null for a retry receipt. */
    public static ReceiptRequest from(Receipt r) {
        return new ReceiptRequest(r.chatId(), r.messageIds(), r.retry() ? null
                : MessageStatus.valueOf(r.status().toUpperCase(java.util.Locale.ROOT)));
    }
}

package dev.chatline.receipts;

import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.protocol.ClientFrame;
import java.util.List;

/**
 * A validated {@code receipt} frame: {@code chatId}, {@code messageIds} (1..100), {@code status} delivered|read, or
 * {@value #RETRY} (a retry receipt: the device could not decrypt the messages; {@code status} is then null).
 */
public record ReceiptRequest(String chatId, List<String> messageIds, MessageStatus status) {
    public static final int MAX_MESSAGE_IDS = 100;
    /** The status of a retry receipt: asks the senders to encrypt the messages again; stores nothing. */
    public static final String RETRY = "retry";

    public ReceiptRequest {
        messageIds = List.copyOf(messageIds);
    }

    public boolean retry() {
        return status == null;
    }

    public static ReceiptRequest parse(ClientFrame frame) {
        String chatId = frame.string("chatId");
        if (!ChatIds.isValid(chatId)) {
            throw ClientFrame.invalid("chatId", "is not a chat id");
        }
        List<String> ids = frame.idList("messageIds", MAX_MESSAGE_IDS);
        if (frame.optString("status").filter(RETRY::equals).isPresent()) {
            return new ReceiptRequest(chatId, ids, null);
        }
        MessageStatus status = frame.enumValue("status", MessageStatus.class);
        if (status == MessageStatus.SENT) {
            throw ClientFrame.invalid("status", "must be one of [delivered, read, retry]");
        }
        return new ReceiptRequest(chatId, ids, status);
    }
}

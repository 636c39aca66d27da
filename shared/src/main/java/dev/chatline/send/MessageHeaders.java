package dev.chatline.send;

import dev.chatline.aws.TableWrites;
import dev.chatline.aws.TransactionWrite;
import dev.chatline.messaging.MessageRef;
import dev.chatline.messaging.MessageStatus;
import dev.chatline.messaging.StoredMessage;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The small per-message row that receipts update instead of the message row (the {@code receipts} table's header,
 * written in the message's own transaction), so a receipt's cost never depends on the body's size.
 */
public interface MessageHeaders {
    /** The header of a new message, for the transaction of a membership change that stores its system message. */
    TransactionWrite headerPut(StoredMessage m);

    /**
     * The header of a new message, for a batch write beside the message's transaction.
     *
     * @param senderConnectionId the connection the message was sent from (its receipt events go there first), or
     *                           null
     */
    TableWrites headerWrites(StoredMessage m, String senderConnectionId);

    /**
     * How many recipients acknowledged the message so far; empty when its header does not exist (the send that
     * stored the message died before writing its tail).
     */
    OptionalInt deliveredCount(MessageRef ref);

    /** Writes the header unless it exists (a retried send: receipts may have moved the original's counters). */
    void putHeaderIfAbsent(StoredMessage m, String senderConnectionId);

    /**
     * The aggregate status of these messages (one strongly consistent batch read): {@code read} when every
     * recipient read it, {@code delivered} when every recipient got it, else {@code sent}; absent if unknown.
     */
    Map<MessageRef, MessageStatus> statuses(List<MessageRef> refs);
}

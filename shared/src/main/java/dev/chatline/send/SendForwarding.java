package dev.chatline.send;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.Acks;
import dev.chatline.protocol.SendMessage;
import java.util.Optional;

/**
 * Sends into a chat whose state lives in another cell (docs/architecture.md, "Cells"): the sender's cell only
 * authenticated the sender; the chat's home cell stores, acknowledges and delivers. A single cell forwards nothing
 * ({@link #NONE}).
 */
@FunctionalInterface
public interface SendForwarding {
    /**
     * @return the home cell's ack when the chat lives in another cell (its refusals are thrown here as the same
     *         {@code ProtocolException}), empty when this cell is the chat's home
     */
    Optional<Acks.SendMessageAck> forward(Identity sender, SendMessage message);

    SendForwarding NONE = (sender, request) -> Optional.empty();
}

package dev.chatline.history;

import dev.chatline.auth.Identity;
import dev.chatline.protocol.ChatFrames;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cells' part of {@code history} (docs/architecture.md, "Cells"): a chat homed in another cell is read there,
 * where its member rows, receipt headers and complete messages are. A single cell reads nothing elsewhere
 * ({@link #NONE}).
 */
public interface RemoteHistory {
    /**
     * @return the home's reply (or its refusal thrown as such) when the chat lives in another cell; empty when
     *     the chat is read here
     */
    Optional<ChatFrames.History> history(Identity caller, String chatId, OptionalLong beforeSeq, int limit);

    RemoteHistory NONE = (caller, chatId, beforeSeq, limit) -> Optional.empty();
}

package dev.chatline.messaging;

import dev.chatline.protocol.ErrorCode;
import dev.chatline.auth.Identity;
import dev.chatline.protocol.ProtocolException;
import java.util.List;

/**
 * What {@link SendService} asks before storing a message that names attachments ({@code mediaIds}): may the
 * sender attach them, and record that they were sent in the chat. Implemented by
 * {@code dev.chatline.media.MediaAttachments}.
 */
@FunctionalInterface
public interface MessageAttachments {
    /** Refuses any attachment (a service without media). */
    MessageAttachments NONE = (sender, chatId, mediaIds) -> {
        if (!mediaIds.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'mediaIds' is not supported here");
        }
    };

    /** Throws a {@link ProtocolException} when the sender may not attach one of {@code mediaIds}. */
    void attach(Identity sender, String chatId, List<String> mediaIds);
}

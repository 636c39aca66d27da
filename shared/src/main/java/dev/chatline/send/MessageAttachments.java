package dev.chatline.send;

import dev.chatline.auth.Identity;
import java.util.List;

/**
 * What {@link SendService} asks before storing a message that names attachments ({@code mediaIds}): may the
 * sender attach them, and record that they were sent in the chat. Implemented by
 * {@code dev.chatline.media.MediaAttachments}; throws a {@code ProtocolException} to refuse.
 */
@FunctionalInterface
public interface MessageAttachments {
    /** Throws a {@link ProtocolException} when the sender may not attach one of {@code mediaIds}. */
    void attach(Identity sender, String chatId, List<String> mediaIds);
}

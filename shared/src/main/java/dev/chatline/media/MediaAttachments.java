package dev.chatline.media;

import dev.chatline.auth.Identity;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.MessageAttachments;
import java.util.ArrayList;
import java.util.List;

/**
 * The media side of {@code sendMessage}: every attached media id must be readable by the sender (uploaded by
 * them, or already sent in a chat they are in: forwarding); then the chat is recorded on each media row, which
 * lets the chat's members download it. All ids are checked before any is recorded.
 */
public final class MediaAttachments implements MessageAttachments {

    private final MediaStore store;
    private final ChatMembership membership;

    public MediaAttachments(MediaStore store, ChatMembership membership) {
        this.store = store;
        this.membership = membership;
    }

    /** Checks and records {@code mediaIds} for {@code chatId}; nothing happens for an empty list. */
    @Override
    public void attach(Identity sender, String chatId, List<String> mediaIds) {
        List<MediaItem> items = new ArrayList<>();
        for (String mediaId : mediaIds) {
            MediaItem media = store.get(mediaId).orElseThrow(() -> MediaService.unknown(mediaId));
            if (!MediaService.mayRead(media, sender.userId(), membership)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "media '" + mediaId + "' is not yours to send");
            }
            items.add(media);
        }
        items.stream().filter(m -> !m.chats().contains(chatId)).forEach(m -> store.addChat(m.mediaId(), chatId));
    }
}

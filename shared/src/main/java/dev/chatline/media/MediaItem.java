package dev.chatline.media;

import java.util.Set;

/**
 * A media row.
 *
 * @param objectKey the S3 key of the (encrypted) blob, random and unguessable
 * @param chats the chats the media was sent in; members of any of them may download it
 * @param createdAt epoch ms
 * @param expiresAt epoch seconds (TTL): the object's lifecycle expiry
 */
public record MediaItem(String mediaId, String ownerUserId, String objectKey, String contentType, long size,
                        String sha256, Set<String> chats, long createdAt, long expiresAt) {

    public MediaItem {
        chats = Set.copyOf(chats);
    }
}

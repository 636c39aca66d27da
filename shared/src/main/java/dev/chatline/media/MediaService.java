package dev.chatline.media;

import dev.chatline.auth.Identity;
import dev.chatline.messaging.ChatMembership;
import dev.chatline.protocol.ClientMessage.MediaUpload;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.protocol.ServerFrame;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mediaUpload} and {@code mediaDownload}. An upload creates the media row (owner = the caller) and returns
 * a presigned PUT for a fresh random object key; a download returns a short-lived URL to the caller only if the
 * caller may read the media ({@link #mayRead}).
 *
 * <p>Invariants: a download URL is only ever issued to the uploader or to a member of a chat the media was sent in;
 * the upload URLs issued to a user per UTC day declare at most the user's {@link MediaQuota} of bytes together.
 */
public final class MediaService {
    private static final Logger LOG = LoggerFactory.getLogger(MediaService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_PREFIX = "m/";

    private final MediaStore store;
    private final UploadUrls uploads;
    private final DownloadUrls downloads;
    private final ChatMembership membership;
    private final MediaQuota quota;
    private final Duration retention;
    private final Clock clock;

    /** @param quota the daily upload bytes per user, reserved before an upload writes anything */
    public MediaService(MediaStore store, UploadUrls uploads, DownloadUrls downloads, ChatMembership membership,
                        MediaQuota quota, Duration retention, Clock clock) {
        this.store = store;
        this.uploads = uploads;
        this.downloads = downloads;
        this.membership = membership;
        this.quota = quota;
        this.retention = retention;
        this.clock = clock;
    }

    /** Whether {@code userId} may read (download, forward) the media: its uploader or a member of one of its chats. */
    public static boolean mayRead(MediaItem media, String userId, ChatMembership membership) {
        return media.ownerUserId().equals(userId)
                || media.chats().stream().anyMatch(chatId -> membership.isMember(chatId, userId));
    }

    /**
     * @param upload a valid {@code mediaUpload}; its kind's rules ({@link MediaUploadRequest#from}) apply here
     * @return the {@code mediaUpload} reply (a presigned PUT)
     */
    public ServerFrame.MediaUpload upload(Identity caller, MediaUpload upload) {
        MediaUploadRequest request = MediaUploadRequest.from(upload);
        quota.reserve(caller.userId(), request.size());
        String mediaId = newMediaId();
        String objectKey = KEY_PREFIX + mediaId;
        long now = clock.millis();
        store.create(new MediaItem(mediaId, caller.userId(), objectKey, request.contentType(), request.size(),
                request.sha256(), Set.of(), now, clock.instant().plus(retention).getEpochSecond()));
        UploadUrls.PresignedRequest put = uploads.put(objectKey, request.contentType(), request.size(),
                request.sha256());
        LOG.info("media {} ({} {} bytes) reserved by {}", mediaId, request.kind(), request.size(), caller.userId());
        return new ServerFrame.MediaUpload(mediaId, "PUT", put.url().toString(), new LinkedHashMap<>(put.headers()),
                put.expiresAt().toEpochMilli());
    }

    /** @return the {@code mediaDownload} reply (a short-lived GET URL) */
    public ServerFrame.MediaDownload download(Identity caller, String mediaId) {
        MediaItem media = store.get(mediaId).orElseThrow(() -> unknown(mediaId));
        if (!mayRead(media, caller.userId(), membership)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "media '" + mediaId + "' was not sent in a chat of yours");
        }
        DownloadUrls.SignedUrl url = downloads.get(media.objectKey());
        return new ServerFrame.MediaDownload(mediaId, url.url().toString(), media.contentType(), media.size(),
                media.sha256(), url.expiresAt().toEpochMilli());
    }

    static ProtocolException unknown(String mediaId) {
        return new ProtocolException(ErrorCode.UNKNOWN_MEDIA, "unknown or expired media '" + mediaId + "'");
    }

    /** 128 random bits, URL-safe base64 without padding (22 characters, a valid id). */
    private static String newMediaId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

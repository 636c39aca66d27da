package dev.chatline.send;

import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.messaging.ChatIds;
import dev.chatline.messaging.ChatStore;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ProtocolException;
import dev.chatline.send.SendMessageRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The audience of a direct chat: the recipient's devices and the sender's, read concurrently. Refuses a message to
 * oneself, from a user id that cannot take part in direct chats, and to a user without a device.
 */
public final class DirectAudience implements ChatAudience.Resolver {
    private final DeviceDirectory devices;
    private final Executor lookups;

    /** @param devices the users' device lists (cached in the warm instance)
     * @param lookups runs the two device reads concurrently ({@code Runnable::run}: one after the other) */
    public DirectAudience(DeviceDirectory devices, Executor lookups) {
        this.devices = devices;
        this.lookups = lookups;
    }

    /** Reads two device lists (beside the rate limit: they are cached, and a refused send reads no more). */
    @Override
    public ChatAudience resolve(Identity sender, SendMessageRequest request, Runnable admitted) {
        if (request.isGroup()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "group chats are not available here");
        }
        if (request.to().equals(sender.userId())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'to' must not be yourself");
        }
        if (!ChatIds.isDirectChatUser(sender.userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "your user id cannot take part in direct chats");
        }
        CompletableFuture<List<String>> recipientRead =
                CompletableFuture.supplyAsync(() -> devices.deviceIds(request.to()), lookups);
        CompletableFuture<List<String>> senderRead =
                CompletableFuture.supplyAsync(() -> devices.deviceIds(sender.userId()), lookups);
        List<String> recipientDevices = join(recipientRead);
        List<String> senderDevices = join(senderRead);
        if (recipientDevices.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_RECIPIENT, "user '" + request.to() + "' has no device");
        }
        return new ChatAudience(ChatIds.direct(sender.userId(), request.to()), ChatStore.KIND_DIRECT,
                List.of(new ChatAudience.Recipient(request.to(), 0, recipientDevices)), senderDevices);
    }

    /** The read's result, or its own exception (not wrapped in a CompletionException). */
    public static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}

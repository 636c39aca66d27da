package dev.chatline.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DeviceAddress;
import java.util.List;

/**
 * Events of a {@link ChatClient}, called on the client's dispatch thread in arrival order. Implementations must
 * return quickly and never wait for a server reply in a callback (call {@code ChatClient} methods that send from
 * another thread).
 */
public interface ChatListener {
    /** A message decrypted for this device (including copies of this user's own messages from other devices). */
    default void onMessage(IncomingMessage message) {
    }

    /** Every recipient reached {@code status} ({@code delivered} = ✓✓, {@code read}) for these messages. */
    default void onReceipt(String chatId, List<String> messageIds, String status, String by) {
    }

    /** A user came online or went offline; {@code lastSeen} is null when hidden or online. */
    default void onPresence(String userId, boolean online, Long lastSeen) {
    }

    /** A contact device has a new identity key (reinstall or new phone): the safety number changed. */
    default void onIdentityChanged(DeviceAddress device) {
    }

    /** A message could not be decrypted (tampered, corrupt, or for a lost session); it was dropped. */
    default void onDecryptionFailure(String messageId, DecryptionException error) {
    }

    /** Any other server frame (e.g. group system messages). */
    default void onOtherFrame(JsonNode frame) {
    }
}

package dev.chatline.client;

import dev.chatline.client.session.DecryptionException;
import dev.chatline.client.session.DeviceAddress;
import dev.chatline.protocol.ServerFrame;
import java.util.List;

/**
 * Events of a {@link ChatClient}, called on the client's dispatch thread in arrival order. Implementations must
 * return quickly and never wait for a server reply in a callback (call {@code ChatClient} methods that send from
 * another thread).
 */
public interface ChatListener {
    /**
     * A message decrypted for this device (including copies of this user's own messages from other devices). Each
     * chat's messages arrive in {@code seq} order, each once (docs/protocol.md "Ordering and gaps").
     */
    default void onMessage(IncomingMessage message) {
    }

    /**
     * A message whose seq this client had already passed: it came after the messages around it were shown (its seq
     * had been given up as a gap, or it is older than the first message seen in a new chat). Every other message
     * arrives at {@link #onMessage} in seq order per chat. Place it by {@link IncomingMessage#seq()}, or show it at
     * the end; the default hands it to {@link #onMessage}.
     */
    default void onLateMessage(IncomingMessage message) {
        onMessage(message);
    }

    /**
     * Every recipient reached {@code status} for these messages: {@code delivered} = ✓✓, {@code read} = blue ✓✓.
     * Status only moves forward, and {@code read} implies delivered: a message that was delivered and read by one
     * receipt gets only the {@code read} event.
     */
    default void onReceipt(String chatId, List<String> messageIds, String status, String by) {
    }

    /** A user came online or went offline; {@code lastSeen} is null when hidden or online. */
    default void onPresence(String userId, boolean online, Long lastSeen) {
    }

    /** A contact device has a new identity key (reinstall or new phone): the safety number changed. */
    default void onIdentityChanged(DeviceAddress device) {
    }

    /**
     * The safety number with {@code userId} changed: a device of theirs (or of this user) has a new identity key, or
     * their (or this user's) device set changed. {@code wasVerified}: the user had verified the old number, and
     * that verification no longer holds: warn loudly and ask to verify again ({@link ChatClient#safetyNumber}).
     * May also be called on a thread that sends (a device learnt from a {@code DEVICE_MISMATCH}).
     */
    default void onSafetyNumberChanged(String userId, boolean wasVerified, String reason) {
    }

    /**
     * Something about a group's membership is not backed by an admin's roster: the server lists {@code userId} as a
     * member though no roster from an admin names them (they get no sender key from this device), or
     * {@code userId}, not an admin, sent a roster (refused). May be called on a thread that sends.
     */
    default void onGroupMembershipWarning(String groupId, String userId, String reason) {
    }

    /** A message could not be decrypted (tampered, corrupt, or for a lost session); it was dropped. */
    default void onDecryptionFailure(String messageId, DecryptionException error) {
    }

    /**
     * Any other server frame: e.g. a {@code groupInvite}, or a {@code message} this client does not decrypt (group
     * system messages, a plain body).
     */
    default void onOtherFrame(ServerFrame frame) {
    }

    /** This device was linked to its account by another device (it now gets messages). */
    default void onLinked() {
    }

    /** This device was unlinked (by one of the user's devices, or by an account reset); its connection closes. */
    default void onUnlinked() {
    }

    /** A user's device list changed; {@code accountChanged}: the user has a new account identity (reinstall). */
    default void onDevicesChanged(String userId, boolean accountChanged) {
    }

    /**
     * A user's device list is signed by another account identity than the one pinned before: a reinstall, or a
     * server that replaced the account. Show it like a safety-number change.
     */
    default void onAccountChanged(String userId) {
    }

    /** Something the server offered was refused: not on the signed list, a substituted key, a bad signature. */
    default void onUntrustedDevice(String userId, String reason) {
    }
}

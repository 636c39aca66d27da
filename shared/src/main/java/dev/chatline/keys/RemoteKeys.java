package dev.chatline.keys;

import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.protocol.KeysFrames;
import java.util.Optional;

/**
 * Keys and signed device lists of users homed in another cell (docs/architecture.md, "Cells"): asked of that cell,
 * which answers from its own tables (and takes the one-time keys there). Empty when the user is served here; a
 * single cell never asks anyone ({@link #NONE}). A refusal of the owner's cell is thrown as the same
 * {@code ProtocolException}.
 */
public interface RemoteKeys {
    /** The {@code keyBundles} frame of a remote user, after the caller's cell took the requester's limits. */
    Optional<KeysFrames.KeyBundles> keyBundles(Identity requester, String userId, Optional<String> deviceId);

    /** A remote user's signed device list (the account only: others never see the devices' details). */
    Optional<DeviceAccount> deviceList(Identity caller, String userId);

    RemoteKeys NONE = new RemoteKeys() {
        @Override
        public Optional<KeysFrames.KeyBundles> keyBundles(Identity requester, String userId,
                                                           Optional<String> deviceId) {
            return Optional.empty();
        }

        @Override
        public Optional<DeviceAccount> deviceList(Identity caller, String userId) {
            return Optional.empty();
        }
    };
}

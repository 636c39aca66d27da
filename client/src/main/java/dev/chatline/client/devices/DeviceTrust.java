package dev.chatline.client.devices;

import dev.chatline.client.store.B64;
import dev.chatline.client.store.ContactBook;
import dev.chatline.protocol.LinkFrames.SignedList;
import java.util.Optional;
import java.util.function.Consumer;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * Checks the signed device lists the server hands out ({@code keyBundles}, {@code deviceList}) against the account
 * identity this device trusts for each user: pinned on first use (the user's own: the account key this device holds),
 * then required. A list must verify with the pinned key and must not be older than the last one seen; a user with a
 * pinned key must come with a list (a server that drops it cannot fall back to "every device"). A different account
 * key is a reinstall or an attack: it is reported ({@code accountChanged}) and pinned, as WhatsApp and Signal show a
 * safety-number change; the app decides whether to block.
 */
public final class DeviceTrust {
    private final ContactBook contacts;
    private final Consumer<String> accountChanged;

    public DeviceTrust(ContactBook contacts, Consumer<String> accountChanged) {
        this.contacts = contacts;
        this.accountChanged = accountChanged;
    }

    /**
     * @param signed the frame's {@code deviceList} (accountKey, list, signature), or null when absent
     * @return the verified list, or empty for a user without an account who was never pinned
     * @throws UntrustedDeviceException when the list cannot be trusted
     */
    public Optional<DeviceList> verify(String userId, SignedList signed) {
        Optional<String> pinned = contacts.accountKey(userId);
        if (signed == null) {
            if (pinned.isPresent()) {
                throw new UntrustedDeviceException("the server sent no signed device list for " + userId
                        + ", whose account identity is pinned");
            }
            return Optional.empty();
        }
        String accountKey = signed.accountKey();
        byte[] bytes = B64.decode(signed.list());
        if (!verifies(accountKey, bytes, B64.decode(signed.signature()))) {
            throw new UntrustedDeviceException("the device list of " + userId
                    + " is not signed by the account identity it names");
        }
        DeviceList list = DeviceList.parse(bytes);
        if (!list.userId().equals(userId)) {
            throw new UntrustedDeviceException("the device list of " + list.userId() + " was offered for " + userId);
        }
        if (pinned.isPresent() && !pinned.get().equals(accountKey)) {
            accountChanged.accept(userId);
        } else if (list.version() < contacts.listVersion(userId)) {
            throw new UntrustedDeviceException("the device list of " + userId + " is older (v" + list.version()
                    + ") than one seen before (v" + contacts.listVersion(userId) + ")");
        }
        contacts.pinAccount(userId, accountKey, list.version());
        return Optional.of(list);
    }

    private static boolean verifies(String accountKey, byte[] list, byte[] signature) {
        try {
            return new ECPublicKey(B64.decode(accountKey)).verifySignature(list, signature);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            return false;
        }
    }
}

package dev.chatline.devices;

import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.DeviceActions;
import java.util.Base64;
import java.util.Optional;

/**
 * A {@code deviceListUpdate} ({@link DeviceActions.DeviceListUpdate}, whose rules these are) decoded: the signed
 * list's bytes and signature, the account identity key when the list starts an account (first device, or a reset),
 * the link code when the list adds a device, and the approving device's sealed copy of the account identity for the
 * new device ({@code provision}, opaque to the server).
 */
public record DeviceListUpdate(byte[] list, byte[] signature, Optional<byte[]> accountKey, Optional<String> linkCode,
                               Optional<byte[]> provision) {
    static final int MAX_PROVISION_BYTES = DeviceActions.DeviceListUpdate.MAX_PROVISION_BYTES;

    /** The update of a decoded, valid {@code deviceListUpdate}, its fields decoded. */
    public static DeviceListUpdate from(DeviceActions.DeviceListUpdate u) {
        return new DeviceListUpdate(u.listBytes(), u.signatureBytes(),
                Optional.ofNullable(u.accountKey()).map(k -> KeyFormats.publicKey("accountKey", k,
                        KeyFormats.KeyType.EC)),
                Optional.ofNullable(u.linkCode()), Optional.ofNullable(u.provision()).map(Base64.getDecoder()::decode));
    }
}

package dev.chatline.devices;

import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.ClientFrame;
import java.util.Base64;
import java.util.Optional;

/**
 * A {@code deviceListUpdate} frame: the signed list's bytes and signature, the account identity key when the list
 * starts an account (first device, or a reset), the link code when the list adds a device, and the approving
 * device's sealed copy of the account identity for the new device ({@code provision}, opaque to the server).
 */
public record DeviceListUpdate(byte[] list, byte[] signature, Optional<byte[]> accountKey, Optional<String> linkCode,
                               Optional<byte[]> provision) {
    static final int MAX_PROVISION_BYTES = 1024;

    public static DeviceListUpdate parse(ClientFrame frame) {
        byte[] list = base64(frame, "list");
        if (list.length > SignedDeviceList.MAX_BYTES) {
            throw ClientFrame.invalid("list", "more than " + SignedDeviceList.MAX_BYTES + " bytes");
        }
        Optional<byte[]> accountKey = frame.optString("accountKey")
                .map(k -> KeyFormats.publicKey("accountKey", k, KeyFormats.KeyType.EC));
        Optional<byte[]> provision = frame.optString("provision").map(p -> base64(frame, "provision"));
        if (provision.isPresent() && provision.get().length > MAX_PROVISION_BYTES) {
            throw ClientFrame.invalid("provision", "more than " + MAX_PROVISION_BYTES + " bytes");
        }
        return new DeviceListUpdate(list, KeyFormats.signature("signature", frame.string("signature")), accountKey,
                frame.optId("linkCode"), provision);
    }

    private static byte[] base64(ClientFrame frame, String field) {
        try {
            return Base64.getDecoder().decode(frame.string(field));
        } catch (IllegalArgumentException e) {
            throw ClientFrame.invalid(field, "not base64");
        }
    }
}

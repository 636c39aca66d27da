package dev.chatline.client.devices;

/**
 * The server offered something the account identity did not sign: a device not on the user's signed list, a key
 * other than the listed one, a list with a bad signature, an older list, or no list for a user whose account
 * identity this device pinned. Nothing is encrypted to such a device.
 */
public final class UntrustedDeviceException extends RuntimeException {
    public UntrustedDeviceException(String message) {
        super(message);
    }
}

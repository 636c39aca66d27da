package dev.chatline.auth;

import dev.chatline.protocol.ClientFrame;

/**
 * The authenticated caller: the user and device proven by the token at {@code $connect}. Always taken from the
 * authorizer context of the connection, never from a frame's payload.
 */
public record Identity(String userId, String deviceId) {

    public Identity {
        if (userId == null || !ClientFrame.ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("invalid user id");
        }
        if (deviceId == null || !ClientFrame.ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("invalid device id");
        }
    }

    /** The caller's device. */
    public DeviceRef device() {
        return new DeviceRef(userId, deviceId);
    }
}

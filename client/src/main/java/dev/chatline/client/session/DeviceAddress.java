package dev.chatline.client.session;

import java.util.Objects;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * One device of a user, as the server names it: (userId, deviceId), both strings. libsignal addresses a device by
 * (name, small integer); we map a device to name {@code userId#deviceId} with libsignal device id 1 ({@code #}
 * cannot occur in server ids, so the mapping is reversible).
 */
public record DeviceAddress(String userId, String deviceId) implements Comparable<DeviceAddress> {
    private static final char SEPARATOR = '#';
    private static final int SIGNAL_DEVICE_ID = 1;

    public DeviceAddress {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        if (userId.indexOf(SEPARATOR) >= 0 || deviceId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("ids may not contain '#'");
        }
    }

    public SignalProtocolAddress signal() {
        return new SignalProtocolAddress(name(), SIGNAL_DEVICE_ID);
    }

    /** The libsignal address name, also the key of this device in the local store. */
    public String name() {
        return userId + SEPARATOR + deviceId;
    }

    public static DeviceAddress fromName(String name) {
        int i = name.indexOf(SEPARATOR);
        if (i < 0) {
            throw new IllegalArgumentException("not a device address: " + name);
        }
        return new DeviceAddress(name.substring(0, i), name.substring(i + 1));
    }

    public static DeviceAddress of(SignalProtocolAddress address) {
        return fromName(address.getName());
    }

    @Override
    public int compareTo(DeviceAddress o) {
        return name().compareTo(o.name());
    }

    @Override
    public String toString() {
        return userId + "/" + deviceId;
    }
}

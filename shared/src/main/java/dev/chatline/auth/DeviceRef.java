package dev.chatline.auth;

/**
 * One device of one user: the pair every per-device row, envelope and delivery target is about.
 *
 * <p>Invariant: neither id is empty or contains {@value #SEPARATOR}, so {@link #key()} ({@code userId#deviceId},
 * the partition key of the {@code inbox}, prekey, {@code push-tokens} and {@code push-windows} tables and the key
 * of a stored message's envelope map) is unambiguous and {@link #parse} gives back exactly this device. The key is
 * formatted and split only here: a store takes a {@code DeviceRef}, never a string it cannot tell from a user id
 * or a key with the parts swapped.
 */
public record DeviceRef(String userId, String deviceId) {
    public static final char SEPARATOR = '#';

    public DeviceRef {
        requireId(userId, "user id");
        requireId(deviceId, "device id");
    }

    /** {@code userId#deviceId}. */
    public String key() {
        return userId + SEPARATOR + deviceId;
    }

    /**
     * The device a {@link #key()} names.
     *
     * @throws IllegalArgumentException unless {@code key} is exactly {@code userId#deviceId} of two valid ids
     */
    public static DeviceRef parse(String key) {
        int sep = key == null ? -1 : key.indexOf(SEPARATOR);
        if (sep < 0) {
            throw new IllegalArgumentException("not a device key");
        }
        return new DeviceRef(key.substring(0, sep), key.substring(sep + 1));
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isEmpty() || id.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("invalid " + what);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}

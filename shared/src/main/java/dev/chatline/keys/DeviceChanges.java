package dev.chatline.keys;

/**
 * Told after a user's devices changed in a way other cells must learn (docs/architecture.md, "Cells"): a new signed
 * device list, or a device's keys with a new registration id. A cell publishes the user's device summary; a single
 * cell does nothing ({@link #NONE}).
 */
@FunctionalInterface
public interface DeviceChanges {
    void changed(String userId);

    DeviceChanges NONE = userId -> { };
}

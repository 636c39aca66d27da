package dev.chatline.client.devices;

/**
 * One device of the own user as {@code deviceList} shows it.
 *
 * @param linkedAt   epoch ms, 0 when not linked
 * @param lastSeenAt epoch ms of its last connect
 */
public record DeviceInfo(String deviceId, String name, boolean linked, long linkedAt, long lastSeenAt) {
}

package dev.chatline.connection;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@code devices} table holds for one user, read in one Query: the account row (absent until the user's
 * first device created the account identity), the device rows and the pending link requests.
 */
public record DeviceAccount(Optional<Account> account, List<Device> devices, List<LinkRequest> linkRequests) {

    /**
     * The account identity's public key and the device list it signed (the list's exact bytes).
     *
     * @param announcing the version whose change is still being announced to contacts, 0 when none is
     */
    public record Account(byte[] accountKey, long version, byte[] list, byte[] signature, long updatedAt,
                          long announcing) {
    }

    /**
     * A device that connected at least once. {@code linkedKey} is the identity key the signed list names for it
     * (present only while the device is on the list).
     */
    public record Device(String deviceId, long registeredAt, long lastSeenAt, OptionalLong linkedAt, byte[] linkedKey,
                         String name, byte[] provision) {
        public boolean linked() {
            return linkedAt.isPresent();
        }
    }

    /** A new device's request to be linked, shown as a short code on it; single use, expires. */
    public record LinkRequest(String code, String deviceId, byte[] identityKey, int registrationId, String name,
                              long expiresAtSeconds) {
    }

    /**
     * Whether the device may act for its user: the user has no account yet (a user without end-to-end keys, as
     * before accounts existed: every device counts), or the device is on the signed list.
     */
    public boolean isLinked(String deviceId) {
        return account.isEmpty() || device(deviceId).map(Device::linked).orElse(false);
    }

    /** The device ids that receive the user's messages: the listed ones, or every device when there is no account. */
    public List<String> linkedDeviceIds() {
        return devices.stream().filter(d -> account.isEmpty() || d.linked()).map(Device::deviceId).toList();
    }

    public Optional<Device> device(String deviceId) {
        return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
    }

    public Optional<LinkRequest> linkRequest(String code) {
        return linkRequests.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    public OptionalLong version() {
        return account.map(a -> OptionalLong.of(a.version())).orElse(OptionalLong.empty());
    }
}

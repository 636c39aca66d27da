package dev.chatline.connection;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One accepted change of a user's signed device list, written by {@link DeviceAccountStore#apply} in one transaction.
 *
 * @param expectedVersion the stored version the change was checked against (empty: no account existed)
 * @param linked          devices added to the list or re-keyed by it (their rows get linkedAt and the listed key)
 * @param removed         devices no longer on the list (their rows are deleted)
 * @param consumedCode    the link request this change approves (deleted, single use)
 * @param provision       the approving device's sealed account key for the added device (stored on its row)
 */
public record DeviceListChange(String userId, OptionalLong expectedVersion, DeviceAccount.Account next,
                               List<Linked> linked, List<String> removed, Optional<String> consumedCode,
                               Optional<byte[]> provision) {

    /** A device the new list links, with the identity key it names and the name the approver gave it. */
    public record Linked(String deviceId, byte[] identityKey, String name, long linkedAt) {
    }
}

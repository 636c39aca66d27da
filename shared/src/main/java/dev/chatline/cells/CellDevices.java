package dev.chatline.cells;

import dev.chatline.connection.DeviceDirectory;
import dev.chatline.send.StaleDevices;
import java.util.List;
import java.util.Map;

/**
 * The device lists and registration ids a send reads, wherever the user lives: a user of this cell (or an unknown
 * one) from this cell's tables, a user homed in another cell from the {@link DeviceSummary} its home cell publishes
 * in the directory (read now; {@link DeviceDirectory} caches the lists on top, as for local users).
 */
public final class CellDevices implements DeviceDirectory.Source, StaleDevices.RegistrationIds {
    private final CellRouter router;
    private final DeviceDirectory.Source local;
    private final StaleDevices.RegistrationIds localRegistrationIds;

    public CellDevices(CellRouter router, DeviceDirectory.Source local,
                       StaleDevices.RegistrationIds localRegistrationIds) {
        this.router = router;
        this.local = local;
        this.localRegistrationIds = localRegistrationIds;
    }

    @Override
    public List<String> deviceIds(String userId) {
        return router.remoteHomeOf(userId).isPresent() ? remote(userId).deviceIds() : local.deviceIds(userId);
    }

    @Override
    public Map<String, Integer> of(String userId) {
        return router.remoteHomeOf(userId).isPresent() ? remote(userId).registrationIds()
                : localRegistrationIds.of(userId);
    }

    private DeviceSummary remote(String userId) {
        return router.fresh(userId).map(DirectoryStore.Entry::devices).orElse(DeviceSummary.NONE);
    }
}

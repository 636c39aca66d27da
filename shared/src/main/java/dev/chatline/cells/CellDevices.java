package dev.chatline.cells;

import dev.chatline.connection.DeviceDirectory;
import dev.chatline.send.StaleDevices;
import java.util.List;
import java.util.Map;

/**
 * The device lists and registration ids a send reads, wherever the user lives: a user of this cell (or an unknown
 * one) from this cell's tables, a user homed in another cell from the {@link DeviceSummary} its home cell publishes
 * in the directory (read now; {@link DeviceDirectory} caches the lists on top, as for local users).
 *
 * <p>This cell's tables are read first: a user with devices here is served here (devices are registered only by a
 * {@code $connect} to the user's home), so a caller's own device check (every route's guard) never reads the
 * directory, and functions that never look at other cells' users need no directory grant.
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
        List<String> here = local.deviceIds(userId);
        return here.isEmpty() && router.remoteHomeOf(userId).isPresent() ? remote(userId).deviceIds() : here;
    }

    @Override
    public Map<String, Integer> of(String userId) {
        Map<String, Integer> here = localRegistrationIds.of(userId);
        return here.isEmpty() && router.remoteHomeOf(userId).isPresent() ? remote(userId).registrationIds() : here;
    }

    private DeviceSummary remote(String userId) {
        return router.fresh(userId).map(DirectoryStore.Entry::devices).orElse(DeviceSummary.NONE);
    }
}

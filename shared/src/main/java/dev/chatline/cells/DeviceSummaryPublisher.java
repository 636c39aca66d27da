package dev.chatline.cells;

import dev.chatline.connection.DeviceDirectory;
import dev.chatline.send.StaleDevices;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a local user's {@link DeviceSummary} into the directory, so other cells can send to the user: called
 * by the user's home cell after a change of the user's devices (a new device's {@code $connect}, a device-list
 * update, a keys upload). Idempotent: the summary's version is the time its reads started, and the directory keeps
 * only a newer one, so of two publishers racing the later read wins whatever order their writes land in.
 * A no-op in a single-cell deployment.
 */
public final class DeviceSummaryPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSummaryPublisher.class);

    private final CellConfig cells;
    private final DirectoryStore directory;
    private final DeviceDirectory.Source devices;
    private final StaleDevices.RegistrationIds registrationIds;
    private final Clock clock;

    /** @param directory null in a single-cell deployment */
    public DeviceSummaryPublisher(CellConfig cells, DirectoryStore directory, DeviceDirectory.Source devices,
                                  StaleDevices.RegistrationIds registrationIds, Clock clock) {
        this.cells = cells;
        this.directory = directory;
        this.devices = devices;
        this.registrationIds = registrationIds;
        this.clock = clock;
    }

    /** Reads the user's devices and registration ids from this cell's tables and publishes them. */
    public void publish(String userId) {
        if (cells.isSingleCell()) {
            return;
        }
        long version = clock.millis();
        DeviceSummary summary = new DeviceSummary(devices.deviceIds(userId), registrationIds.of(userId), version);
        if (directory.putDevices(userId, summary)) {
            LOG.info("published {} devices of the user to the directory", summary.deviceIds().size());
        }
    }
}

package dev.chatline.cells;

import dev.chatline.auth.Identity;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cell's part of {@code $connect}: a user's first connect anywhere signs the user up in the cell it reached
 * (the directory's conditional put); a user whose home is another cell is refused (the client reconnects to its
 * own cell: docs/client.md, "Cells"). After an admitted connect the user's device summary is published when the
 * directory does not list the device yet. In a single-cell deployment every connect is admitted and nothing is
 * read.
 */
public final class CellAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(CellAdmission.class);

    private final CellConfig cells;
    private final DirectoryStore directory;
    private final DeviceSummaryPublisher summaries;
    private final Clock clock;

    /** @param directory null in a single-cell deployment */
    public CellAdmission(CellConfig cells, DirectoryStore directory, DeviceSummaryPublisher summaries, Clock clock) {
        this.cells = cells;
        this.directory = directory;
        this.summaries = summaries;
        this.clock = clock;
    }

    /**
     * What {@link #admit} found: the user's home when it is another cell (the connect is refused), and whether the
     * directory's device summary already lists the connecting device.
     */
    public record Admission(Optional<String> wrongCell, boolean deviceListed) {
        static final Admission SINGLE_CELL = new Admission(Optional.empty(), true);
    }

    /** Signs the user up here if the user has no home yet (one directory read; a conditional put for a new user). */
    public Admission admit(Identity identity) {
        if (cells.isSingleCell()) {
            return Admission.SINGLE_CELL;
        }
        Optional<DirectoryStore.Entry> entry = directory.get(identity.userId());
        String home = entry.map(DirectoryStore.Entry::homeCell)
                .orElseGet(() -> directory.signUp(identity.userId(), cells.self(), clock.millis()));
        boolean listed = entry.map(e -> e.devices().deviceIds().contains(identity.deviceId())).orElse(false);
        if (home.equals(cells.self())) {
            return new Admission(Optional.empty(), listed);
        }
        LOG.info("refused connect: the user's home is cell {}", home);
        return new Admission(Optional.of(home), listed);
    }

    /** After the device was registered: publishes the user's devices if the directory did not list this device. */
    public void connected(Identity identity, Admission admission) {
        if (!cells.isSingleCell() && !admission.deviceListed()) {
            summaries.publish(identity.userId());
        }
    }
}

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
     * Signs the user up here if the user has no home yet.
     *
     * @return the user's home cell when it is another one (the connect is refused), else empty
     */
    public Optional<String> wrongCell(Identity identity) {
        if (cells.isSingleCell()) {
            return Optional.empty();
        }
        String home = directory.get(identity.userId()).map(DirectoryStore.Entry::homeCell)
                .orElseGet(() -> directory.signUp(identity.userId(), cells.self(), clock.millis()));
        if (home.equals(cells.self())) {
            return Optional.empty();
        }
        LOG.info("refused connect: the user's home is cell {}", home);
        return Optional.of(home);
    }

    /** After the device was registered: publishes the user's devices if the directory lacks this device. */
    public void connected(Identity identity) {
        if (cells.isSingleCell()) {
            return;
        }
        boolean listed = directory.get(identity.userId())
                .map(e -> e.devices().deviceIds().contains(identity.deviceId())).orElse(false);
        if (!listed) {
            summaries.publish(identity.userId());
        }
    }
}

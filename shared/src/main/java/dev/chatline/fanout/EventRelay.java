package dev.chatline.fanout;

import java.util.List;

/**
 * Where the targets of an event job homed in other cells go (docs/architecture.md, "Cells"): to their cells, one
 * relay job per cell, delivered there like a local event (posted live, an inbox event for offline devices). A single
 * cell relays nothing ({@link #NONE}).
 */
@FunctionalInterface
public interface EventRelay {
    /**
     * Relays the part of {@code event} for users of other cells to their cells.
     *
     * @return the targets served here, to deliver through this cell's fan-out
     */
    List<FanoutJob.Target> relayRemote(FanoutJob event);

    EventRelay NONE = FanoutJob::targets;
}

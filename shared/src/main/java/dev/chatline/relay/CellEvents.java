package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.fanout.EventRelay;
import dev.chatline.fanout.FanoutJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events for devices of users homed in other cells ({@code identityChanged}, {@code devicesChanged}): one
 * {@link RelayJob#EVENT} job per cell, with that cell's targets and the event's id (so a repeat of the same event is
 * deduplicated by that cell's queue like the local fan-out job). A user unknown to the directory counts as local.
 */
public final class CellEvents implements EventRelay {
    private final CellRouter router;
    private final RelayQueue queue;

    public CellEvents(CellRouter router, RelayQueue queue) {
        this.router = router;
        this.queue = queue;
    }

    @Override
    public List<FanoutJob.Target> relayRemote(FanoutJob event) {
        List<FanoutJob.Target> local = new ArrayList<>();
        Map<String, List<FanoutJob.Target>> byCell = new LinkedHashMap<>();
        for (FanoutJob.Target t : event.targets()) {
            Optional<String> home = router.remoteHomeOf(t.userId());
            if (home.isPresent()) {
                byCell.computeIfAbsent(home.get(), c -> new ArrayList<>()).add(t);
            } else {
                local.add(t);
            }
        }
        String self = router.cells().self();
        byCell.forEach((cell, targets) -> queue.send(cell, RelayJob.event(self, new FanoutJob(event.kind(),
                event.chatId(), event.eventId(), event.seq(), event.senderUserId(), event.frame(), targets))));
        return local;
    }
}

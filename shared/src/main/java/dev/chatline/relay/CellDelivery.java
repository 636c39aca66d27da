package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.StoredMessage;
import dev.chatline.send.DeviceEnvelopes;
import dev.chatline.send.RemoteDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A message's targets by cell: users homed here are delivered here; the others' targets go as one
 * {@link RelayJob#MESSAGE} job per (cell, message) to their cell's relay queue (with the envelopes of that cell's
 * devices only); an event's ({@link #relayEvent}) as one {@link RelayJob#EVENT} job per (cell, event).
 * A target whose user is unknown to the directory counts as local (a single cell's behaviour).
 */
public final class CellDelivery implements RemoteDelivery {
    private final CellRouter router;
    private final RelayQueue queue;

    public CellDelivery(CellRouter router, RelayQueue queue) {
        this.router = router;
        this.queue = queue;
    }

    @Override
    public List<FanoutJob.Target> local(List<FanoutJob.Target> targets) {
        return targets.stream().filter(t -> router.isLocal(t.userId())).toList();
    }

    @Override
    public void relay(StoredMessage m, List<FanoutJob.Target> targets) {
        Map<String, List<FanoutJob.Target>> byCell = new LinkedHashMap<>();
        // the sender's cell keeps a replica even when no other device of the sender is to be told (its history)
        router.remoteHomeOf(m.senderUserId()).ifPresent(cell -> byCell.put(cell, new ArrayList<>()));
        remoteByCell(DeviceEnvelopes.targets(m, targets))
                .forEach((cell, cellTargets) -> byCell.computeIfAbsent(cell, c -> new ArrayList<>()).addAll(cellTargets));
        String self = router.cells().self();
        byCell.forEach((cell, cellTargets) -> queue.send(cell, RelayJob.message(self, m, cellTargets)));
    }

    /** One {@link RelayJob#EVENT} job per other cell (e.g. a {@code groupInvite} to users of other cells). */
    @Override
    public FanoutJob relayEvent(FanoutJob event) {
        String self = router.cells().self();
        remoteByCell(event.targets()).forEach((cell, cellTargets) -> queue.send(cell, RelayJob.event(self,
                new FanoutJob(event.kind(), event.chatId(), event.eventId(), event.seq(), event.senderUserId(),
                        event.frame(), cellTargets, event.attempt()))));
        return new FanoutJob(event.kind(), event.chatId(), event.eventId(), event.seq(), event.senderUserId(),
                event.frame(), local(event.targets()), event.attempt());
    }

    private Map<String, List<FanoutJob.Target>> remoteByCell(List<FanoutJob.Target> targets) {
        return targets.stream().filter(t -> !router.isLocal(t.userId()))
                .collect(Collectors.groupingBy(t -> router.remoteHomeOf(t.userId()).orElseThrow(),
                        LinkedHashMap::new, Collectors.toList()));
    }
}

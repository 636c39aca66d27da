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

/**
 * A message's targets by cell: users homed here are delivered here; the others' targets go as one
 * {@link RelayJob#MESSAGE} job per (cell, message) to their cell's relay queue (with the envelopes of that cell's
 * devices only).
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
        DeviceEnvelopes.targets(m, targets).stream().filter(t -> !router.isLocal(t.userId()))
                .forEach(t -> byCell.computeIfAbsent(router.remoteHomeOf(t.userId()).orElseThrow(),
                        cell -> new ArrayList<>()).add(t));
        String self = router.cells().self();
        byCell.forEach((cell, cellTargets) -> queue.send(cell, RelayJob.message(self, m, cellTargets)));
    }
}

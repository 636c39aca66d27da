package dev.chatline.relay;

import dev.chatline.cells.CellRouter;
import dev.chatline.fanout.FanoutJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The relay consumer's part of moving users between cells (docs/scaling.md, "Moving a user"): a message or event
 * job whose targets include users no longer homed in this cell (the sender's router cached the old home, or the
 * job waited on the queue during a move) is split: those targets' part is sent on to each user's current home
 * cell's relay queue (as a job from this cell, so its deduplication key differs from the original sender's jobs to
 * that cell), and the rest is processed here. A target is forwarded only when a fresh directory read confirms that
 * its user lives elsewhere, so the common case costs only the router's cached read. Receipts are about chats, which
 * do not move, so they stay. In a single-cell deployment every job stays as it is.
 */
public final class MovedUserForwarding {
    /** A single cell's: nothing is forwarded. */
    public static final MovedUserForwarding NONE = new MovedUserForwarding(CellRouter.singleCell(), null);

    private final CellRouter router;
    private final RelayQueue queue;

    public MovedUserForwarding(CellRouter router, RelayQueue queue) {
        this.router = router;
        this.queue = queue;
    }

    /**
     * Whether the user is homed here: the cached home, and when that names another cell, the directory read now (a
     * job is forwarded only on the directory's word, so two cells with opposite stale caches cannot pass a job back
     * to its first cell, whose queue would drop it as a duplicate of the original).
     */
    private boolean homedHere(String userId) {
        return router.isLocal(userId)
                || router.fresh(userId).map(e -> e.homeCell().equals(router.cells().self())).orElse(true);
    }

    /**
     * Forwards the part of {@code job} for users homed in other cells.
     *
     * @return the job for this cell's users, empty when no target is homed here
     */
    public Optional<RelayJob> localPart(RelayJob job) {
        // receipts go to a chat's home, which never moves; a presence change of a subscriber who moved is not
        // forwarded (the next change reaches the new cell, where the subscriber's reconnect subscribes again)
        if (router.isSingleCell() || RelayJob.RECEIPT.equals(job.kind()) || RelayJob.PRESENCE.equals(job.kind())) {
            return Optional.of(job);
        }
        List<FanoutJob.Target> targets = RelayJob.MESSAGE.equals(job.kind()) ? job.targets()
                : job.delivery().targets();
        Map<Boolean, List<FanoutJob.Target>> byLocal = targets.stream()
                .collect(Collectors.partitioningBy(t -> homedHere(t.userId())));
        Map<String, List<FanoutJob.Target>> moved = byLocal.get(false).stream()
                .collect(Collectors.groupingBy(t -> router.remoteHomeOf(t.userId()).orElseThrow(),
                        LinkedHashMap::new, Collectors.toList()));
        String self = router.cells().self();
        moved.forEach((cell, cellTargets) -> queue.send(cell, job.withTargets(self, cellTargets)));
        List<FanoutJob.Target> local = byLocal.get(true);
        if (moved.isEmpty()) {
            return Optional.of(job); // e.g. a message's replica for its sender's history, with no target at all
        }
        if (local.isEmpty() && !RelayJob.MESSAGE.equals(job.kind())) {
            return Optional.empty();
        }
        // a message keeps its replica here even when all its targets moved (the sender's history)
        return Optional.of(job.withTargets(job.fromCell(), local));
    }
}

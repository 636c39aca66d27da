package dev.chatline.local.events;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The batches an event source mapping is processing and the message groups they hold. Enforces the FIFO rule that
 * a message group is never processed by two invocations at once, and tells the poller whether it is idle (nothing
 * in flight and no failed records waiting to become visible), in which case it may long-poll.
 */
final class InFlightTracker {
    private final Set<String> groups = new HashSet<>();
    private int batches;
    private int pendingReleases;

    /** Registers a batch, waiting while another batch holds one of its groups. */
    synchronized boolean begin(Set<String> batchGroups, BooleanSupplier open) throws InterruptedException {
        while (!Collections.disjoint(groups, batchGroups)) {
            if (!open.getAsBoolean()) {
                return false;
            }
            wait(100);
        }
        groups.addAll(batchGroups);
        batches++;
        return true;
    }

    synchronized boolean holdsAny(Set<String> batchGroups) {
        return !Collections.disjoint(groups, batchGroups);
    }

    synchronized void end(Set<String> batchGroups) {
        groups.removeAll(batchGroups);
        batches--;
        notifyAll();
    }

    synchronized void releaseScheduled() {
        pendingReleases++;
    }

    synchronized void releaseDone() {
        pendingReleases--;
        notifyAll();
    }

    synchronized boolean idle() {
        return batches == 0 && pendingReleases == 0;
    }

    synchronized int batchesInFlight() {
        return batches;
    }

    /** Waits until a batch ends or a release happens, at most {@code max}. */
    synchronized void awaitChange(Duration max) throws InterruptedException {
        wait(Math.max(1, max.toMillis()));
    }
}

package dev.chatline.send;

import dev.chatline.fanout.FanoutJob;
import dev.chatline.messaging.StoredMessage;
import java.util.List;

/**
 * The part of a message's delivery that other cells do (docs/architecture.md, "Cells"): targets whose users live in
 * another cell get no inbox row and no post here; they are handed to their cells' relay queues instead, one job
 * per (cell, message), before the send is acknowledged. A single cell has no remote targets ({@link #NONE}).
 */
public interface RemoteDelivery {
    /** The targets this cell serves itself, in order. */
    List<FanoutJob.Target> local(List<FanoutJob.Target> targets);

    /**
     * Hands the targets served by other cells to those cells (none: nothing is sent). Idempotent: the same message
     * handed again is de-duplicated by the relay queue or written again with the same keys by the receiving cell.
     */
    void relay(StoredMessage m, List<FanoutJob.Target> targets);

    /**
     * Hands an event's targets served by other cells to those cells, one relay job per cell, and returns the event
     * with the targets this cell serves (the same job in a single cell). Idempotent like {@link #relay}.
     */
    default FanoutJob relayEvent(FanoutJob event) {
        return event;
    }

    /** A single cell: every target is local. */
    RemoteDelivery NONE = new RemoteDelivery() {
        @Override
        public List<FanoutJob.Target> local(List<FanoutJob.Target> targets) {
            return targets;
        }

        @Override
        public void relay(StoredMessage m, List<FanoutJob.Target> targets) {
        }
    };
}

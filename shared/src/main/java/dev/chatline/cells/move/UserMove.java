package dev.chatline.cells.move;

import dev.chatline.aws.Backoff;
import dev.chatline.cells.CellRouter;
import dev.chatline.cells.DirectoryStore;
import dev.chatline.schema.CellResources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a user to another cell (docs/scaling.md, "Moving a user"; run by an operator: docs/operations.md):
 * <ol>
 *   <li>mark the directory row {@code movingTo} (conditional on the epoch read: two moves cannot interleave);</li>
 *   <li>copy the user's rows ({@link UserRowsStore}) from the old cell's tables to the new cell's (the inbox rows
 *   are moved: copied, then those items deleted in the old cell);</li>
 *   <li>switch {@code homeCell}, increment {@code epoch}, record {@code movedFrom} (conditional again);</li>
 *   <li>close the user's connections in the old cell with {@code WRONG_CELL} ({@link CellConnections}); a connect
 *   there is refused with 421 from now on, since admission reads the directory uncached (closed again after step 5:
 *   a connect admitted just before the switch, or by a directory replica that had not caught up);</li>
 *   <li>wait out the routers' cache ({@link CellRouter#DEFAULT_TTL} and a margin): until then a sender may still
 *   take the old cell for the user's home and write inbox rows there;</li>
 *   <li>move the old cell's inbox rows again (what arrived during steps 2–5), then delete the user's rows in the old
 *   cell and forget {@code movedFrom}. Relay jobs reaching the old cell later are forwarded
 *   ({@link dev.chatline.relay.MovedUserForwarding}).</li>
 * </ol>
 * Invariants: the directory names exactly one home at any time; every step is idempotent (copies are puts of the
 * same items, the directory updates are conditional), so a re-run of a half-done move — read from the row's
 * {@code movingTo} or {@code movedFrom} — finishes it. While {@code movingTo} is set the old cell stays the home
 * and serves the user as before (nothing is refused or relayed); the inbox rows it writes meanwhile are moved in
 * step 6. An entry the device acknowledged in the old cell between steps 2 and 4 is delivered again once from the
 * new cell (clients drop a repeated message id, as after any redelivery).
 * A move does not move chats: a chat's state stays in its home cell. A direct chat's home is the home of its lower
 * user id ({@link CellRouter#remoteChatHome}), so moving that user would re-home the chat away from its state: such
 * a move is refused (the user's contacts with a higher id name those chats) until chats keep their home.
 */
public final class UserMove {
    private static final Logger LOG = LoggerFactory.getLogger(UserMove.class);
    /** How long step 5 waits by default: the routers' cache TTL and a margin for a send already in flight. */
    public static final Duration DEFAULT_CACHE_WAIT = CellRouter.DEFAULT_TTL.plusSeconds(5);

    /** Closes a user's connections in one cell, telling each to reconnect to its cell. */
    public interface CellConnections {
        /** @param home the user's cell now; @return how many connections were closed */
        int closeAll(String cell, String userId, String home);
    }

    /** What a run did. @param rowsCopied rows put in the new cell; @param rowsDeleted rows removed from the old */
    public record Outcome(String userId, String from, String to, long epoch, int rowsCopied, int connectionsClosed,
                          int rowsDeleted) {
    }

    /** A move that cannot run: unknown user, another move in progress, or a race with another mover. */
    public static final class MoveRefused extends RuntimeException {
        public MoveRefused(String message) {
            super(message);
        }
    }

    private final DirectoryStore directory;
    private final UserRowsStore rows;
    private final CellConnections connections;
    private final String stage;
    private final Clock clock;
    private final Backoff.Sleeper pause;
    private final Duration cacheWait;

    /** @param stage the deployment's stage without the cell suffix (each cell's tables: {@code <stage>-<cell>}) */
    public UserMove(DirectoryStore directory, UserRowsStore rows, CellConnections connections, String stage,
                    Clock clock, Backoff.Sleeper pause, Duration cacheWait) {
        this.directory = directory;
        this.rows = rows;
        this.connections = connections;
        this.stage = stage;
        this.clock = clock;
        this.pause = pause;
        this.cacheWait = cacheWait;
    }

    /** Moves the user to cell {@code to}, or finishes a half-done move there. */
    public Outcome move(String userId, String to) throws InterruptedException {
        DirectoryStore.Entry e = read(userId);
        if (e.movingTo().isPresent() && !e.movingTo().get().equals(to)) {
            throw new MoveRefused(userId + " is being moved to " + e.movingTo().get() + "; finish that move first");
        }
        if (e.homeCell().equals(to)) {
            return e.movedFrom().isPresent() ? cleanUp(userId, e.movedFrom().get(), to, e.epoch(), 0)
                    : new Outcome(userId, to, to, e.epoch(), 0, 0, 0);
        }
        if (e.movedFrom().isPresent()) {
            throw new MoveRefused(userId + "'s move from " + e.movedFrom().get() + " to " + e.homeCell()
                    + " is not finished; run it again with --to " + e.homeCell() + " first");
        }
        String from = e.homeCell();
        List<String> homed = rows.contactIds(userId, cellStage(from)).stream()
                .filter(contact -> contact.compareTo(userId) > 0).toList();
        if (!homed.isEmpty()) {
            throw new MoveRefused(userId + " is the lower user id of " + homed.size() + " direct chat(s) (e.g. with "
                    + homed.get(0) + "), which are homed in the user's cell: moving those chats is not built");
        }
        check(directory.beginMove(userId, from, to, e.epoch()), userId);
        int copied = rows.copy(userId, cellStage(from), cellStage(to), UserRowsStore.COPIED)
                + rows.move(userId, cellStage(from), cellStage(to), UserRowsStore.MOVED);
        check(directory.finishMove(userId, from, to, e.epoch(), clock.millis()), userId);
        LOG.info("moved {} from {} to {} (epoch {}), {} rows copied", userId, from, to, e.epoch() + 1, copied);
        return cleanUp(userId, from, to, e.epoch() + 1, copied);
    }

    private Outcome cleanUp(String userId, String from, String to, long epoch, int copied)
            throws InterruptedException {
        int closed = connections.closeAll(from, userId, to);
        pause.sleep(cacheWait);
        // a connect admitted before the switch (or by a directory replica not yet updated) registered late
        closed += connections.closeAll(from, userId, to);
        int caughtUp = rows.move(userId, cellStage(from), cellStage(to), UserRowsStore.MOVED);
        int deleted = rows.delete(userId, cellStage(from));
        directory.completeMove(userId, from, epoch);
        LOG.info("cleaned {} out of {}: {} connections closed, {} rows caught up, {} deleted", userId, from, closed,
                caughtUp, deleted);
        return new Outcome(userId, from, to, epoch, copied + caughtUp, closed, deleted);
    }

    private DirectoryStore.Entry read(String userId) {
        return directory.get(userId).orElseThrow(() -> new MoveRefused(userId + " has no directory row"));
    }

    private static void check(boolean updated, String userId) {
        if (!updated) {
            throw new MoveRefused(userId + "'s directory row changed during the move (another mover?); run again");
        }
    }

    private String cellStage(String cell) {
        return CellResources.cellStage(stage, cell);
    }
}

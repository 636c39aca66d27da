package dev.chatline.cells.move;

import dev.chatline.connection.ConnectionRecord;
import dev.chatline.connection.ConnectionSender;
import dev.chatline.connection.ConnectionStore;
import dev.chatline.protocol.ErrorCode;
import dev.chatline.protocol.ErrorFrame;
import java.util.Map;

/**
 * Step 4 of a move ({@link UserMove}): each live connection of the user in the old cell gets an {@code error}
 * frame {@code WRONG_CELL} naming the user's cell, then is closed through that cell's {@code @connections}
 * endpoint (API Gateway then runs the old cell's {@code $disconnect}). A connection already gone is skipped.
 * The client reconnects; the old cell refuses it with 421 and the client connects to its cell.
 */
public final class ConnectionsClosing implements UserMove.CellConnections {
    /** One cell's connections table and {@code @connections} endpoint. */
    public record CellEndpoint(ConnectionStore store, ConnectionSender sender) {
    }

    private final Map<String, CellEndpoint> cells;

    /** @param cells by cell name: every cell a user may be moved from */
    public ConnectionsClosing(Map<String, CellEndpoint> cells) {
        this.cells = Map.copyOf(cells);
    }

    @Override
    public int closeAll(String cell, String userId, String home) {
        CellEndpoint endpoint = cells.get(cell);
        if (endpoint == null) {
            throw new IllegalStateException("no @connections endpoint for cell " + cell);
        }
        String frame = ErrorFrame.of(ErrorCode.WRONG_CELL, "your account moved to cell " + home
                + ": reconnect", null, null, null);
        int closed = 0;
        for (ConnectionRecord c : endpoint.store().liveConnections(userId)) {
            if (endpoint.sender().post(c.connectionId(), frame) == ConnectionSender.PostResult.SENT) {
                endpoint.sender().close(c.connectionId());
                closed++;
            }
        }
        return closed;
    }
}

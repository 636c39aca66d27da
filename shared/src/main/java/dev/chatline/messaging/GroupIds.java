package dev.chatline.messaging;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Group ids, and the cell a group lives in (docs/architecture.md, "Cells"). A group's state (members, counters,
 * messages, receipts) lives in its creator's cell, its <b>home</b>, for its whole life. A cell deployment mints
 * group ids as {@code <ULID>.<cell>}, so any cell knows a group's home from its id alone, without a directory read
 * (the creator's directory row could change by a move; the group's home does not). A single cell mints a bare ULID,
 * and a group id without a cell suffix (every group minted before cells) is served by the cell that is asked: it
 * stays local.
 *
 * <p>The suffix is a hint, not an authority: a client may send any id, so a cell forwards only to a configured peer,
 * and the home refuses a caller who is not a member exactly as for any other group.
 */
public final class GroupIds {
    /** The syntax of a cell's name (the same as {@code CellConfig.CELL_NAME}). */
    private static final Pattern CELL = Pattern.compile("[a-z0-9]{1,12}");
    private static final char SEPARATOR = '.';

    private GroupIds() {
    }

    /** A new group id: {@code ulid}, with the home cell's name when the deployment is a cell. */
    public static String mint(String ulid, Optional<String> homeCell) {
        return homeCell.map(cell -> ulid + SEPARATOR + cell).orElse(ulid);
    }

    /** The home cell a group id names; empty for an id minted by a single cell (or without a valid suffix). */
    public static Optional<String> homeCell(String groupId) {
        int dot = groupId.lastIndexOf(SEPARATOR);
        if (dot < 0) {
            return Optional.empty();
        }
        String cell = groupId.substring(dot + 1);
        return CELL.matcher(cell).matches() ? Optional.of(cell) : Optional.empty();
    }
}

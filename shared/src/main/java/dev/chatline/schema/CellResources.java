package dev.chatline.schema;

import static dev.chatline.schema.KeyAttr.string;

import java.util.List;

/**
 * What a deployment needs when it is one cell of several (docs/scaling.md, "Cells"): the global user directory and
 * the cells' names. Every deployment has its relay (ingress) queue ({@link Resources#RELAY}, idle without peers);
 * a single-cell deployment ({@code CHATLINE_CELL} unset) has no directory and behaves exactly as before.
 *
 * <p>Configuration of a cell's functions (environment):
 * <ul>
 *   <li>{@value #CELL_ENV}: this cell's name ({@code [a-z0-9]{1,12}}); its stage is {@code <stage>-<cell>}, so its
 *   tables, queues and topic are its own;</li>
 *   <li>{@value #DIRECTORY_TABLE_ENV}: the physical name of the directory table, one for all cells (a DynamoDB
 *   global table replicated into every cell's region; {@code chatline-<stage>-directory});</li>
 *   <li>{@value #PEERS_ENV}: the other cells' relay queue URLs, {@code b=<url>,c=<url>};</li>
 *   <li>{@value #CALL_PEERS_ENV}: the other cells' {@code cellCall} function ARNs, {@code b=<arn>,c=<arn>} (a send
 *   into a chat homed in another cell is forwarded there synchronously);</li>
 *   <li>{@code CHATLINE_RELAY_QUEUE_URL} ({@link Resources#RELAY}): this cell's own relay queue, which its relay function
 *   consumes.</li>
 * </ul>
 */
public final class CellResources {
    public static final String CELL_ENV = "CHATLINE_CELL";
    public static final String DIRECTORY_TABLE_ENV = "CHATLINE_DIRECTORY_TABLE";
    public static final String PEERS_ENV = "CHATLINE_CELL_PEERS";
    public static final String CALL_PEERS_ENV = "CHATLINE_CELL_CALL_PEERS";
    /**
     * Where a cell's functions invoke the peers' {@code cellCall} functions (the {@code endpointOverride} of their
     * Lambda client); unset on AWS (the regional Lambda endpoint of each ARN). The local runtime sets it to itself,
     * since it serves Lambda's Invoke API for every cell's functions.
     */
    public static final String LAMBDA_ENDPOINT_ENV = "CHATLINE_LAMBDA_ENDPOINT";

    /**
     * userId → homeCell, epoch (incremented by every move), movedAt: which cell a user lives in. Global (one table
     * for all cells of a stage, not per cell): its physical name is {@code chatline-<stage>-directory} where stage is
     * the deployment's stage without the cell suffix.
     */
    public static final TableDef DIRECTORY = new TableDef("directory", string("userId"), null, List.of(), null);

    /** The stage of cell {@code cell} of deployment stage {@code stage}. */
    public static String cellStage(String stage, String cell) {
        return stage + "-" + cell;
    }

    private CellResources() {
    }
}

package dev.chatline.cells;

import dev.chatline.config.ChatConfig;
import dev.chatline.schema.CellResources;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which cell this deployment is and how to reach the others (docs/scaling.md, "Cells"), from the environment
 * ({@link CellResources}): {@code CHATLINE_CELL} (own name), {@code CHATLINE_CELL_PEERS} ({@code b=<relay queue
 * url>,...}) and {@code CHATLINE_CELL_CALL_PEERS} ({@code b=<cellCall function arn>,...}).
 *
 * <p>Invariant: without {@code CHATLINE_CELL} the deployment is a single cell ({@link #isSingleCell()}): nothing
 * reads the directory and every user is local; peers are then ignored. A cell never names itself as a peer.
 *
 * @param cell this cell's name, empty for a single-cell deployment
 * @param relayUrls peer cell → the URL of its relay queue
 * @param callArns peer cell → the ARN (or name) of its {@code cellCall} function
 */
public record CellConfig(Optional<String> cell, Map<String, String> relayUrls, Map<String, String> callArns) {

    /** A cell's name: {@code [a-z0-9]{1,12}}. */
    public static final Pattern CELL_NAME = Pattern.compile("[a-z0-9]{1,12}");

    public CellConfig {
        cell.ifPresent(CellConfig::checkName);
        relayUrls = Map.copyOf(relayUrls);
        callArns = Map.copyOf(callArns);
        if (cell.isPresent() && (relayUrls.containsKey(cell.get()) || callArns.containsKey(cell.get()))) {
            throw new IllegalStateException("cell '" + cell.get() + "' names itself as a peer");
        }
    }

    /** The single-cell deployment (no directory, no peers). */
    public static final CellConfig SINGLE = new CellConfig(Optional.empty(), Map.of(), Map.of());

    public static CellConfig from(ChatConfig config) {
        Optional<String> cell = config.get(CellResources.CELL_ENV);
        if (cell.isEmpty()) {
            return SINGLE;
        }
        return new CellConfig(cell, peers(CellResources.PEERS_ENV, config.get(CellResources.PEERS_ENV).orElse("")),
                peers(CellResources.CALL_PEERS_ENV, config.get(CellResources.CALL_PEERS_ENV).orElse("")));
    }

    /** {@link CellResources#LAMBDA_ENDPOINT_ENV}, if set. */
    public static Optional<URI> callEndpoint(ChatConfig config) {
        return config.get(CellResources.LAMBDA_ENDPOINT_ENV).map(URI::create);
    }

    public boolean isSingleCell() {
        return cell.isEmpty();
    }

    /** This cell's name. @throws IllegalStateException in a single-cell deployment */
    public String self() {
        return cell.orElseThrow(() -> new IllegalStateException("not a cell deployment (" + CellResources.CELL_ENV
                + " unset)"));
    }

    /** The relay queue URL of a peer. @throws IllegalStateException when the peer is not configured */
    public String relayUrl(String peer) {
        return peerValue(relayUrls, peer, CellResources.PEERS_ENV);
    }

    /** The {@code cellCall} function of a peer. @throws IllegalStateException when the peer is not configured */
    public String callArn(String peer) {
        return peerValue(callArns, peer, CellResources.CALL_PEERS_ENV);
    }

    private static String peerValue(Map<String, String> values, String peer, String env) {
        String v = values.get(peer);
        if (v == null) {
            throw new IllegalStateException("cell '" + peer + "' is not in " + env);
        }
        return v;
    }

    /** Parses {@code b=value,c=value} (blanks around entries ignored); a repeated or malformed entry is refused. */
    static Map<String, String> peers(String env, String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalStateException(env + ": expected cell=value, got '" + entry.trim() + "'");
            }
            String name = entry.substring(0, eq).trim();
            checkName(name);
            if (out.put(name, entry.substring(eq + 1).trim()) != null) {
                throw new IllegalStateException(env + ": cell '" + name + "' appears twice");
            }
        }
        return out;
    }

    private static void checkName(String name) {
        if (!CELL_NAME.matcher(name).matches()) {
            throw new IllegalStateException("a cell name must match " + CELL_NAME + ": '" + name + "'");
        }
    }
}

package dev.chatline.infra;

import dev.chatline.schema.CellResources;
import dev.chatline.schema.Naming;
import dev.chatline.schema.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cells of a multi-cell deployment (docs/scaling.md, "Cells"), from the context setting
 * {@code -c cells=a:eu-west-1:111122223333,b:us-east-1:444455556666}: each cell's name, region and account, in that
 * order. The first cell's account and region also hold the directory stack (the primary of the directory table).
 *
 * <p>Everything one cell needs to know about another is computed here from names alone: the peer's relay queue URL
 * and ARN, its {@code cellCall} function's ARN, the directory replica's ARN in a region. So no cell stack references
 * another stack (references cannot cross accounts or regions) and the values are the same whichever stack computes
 * them. Invariant: every name below is the one the peer's own stack gives its resource ({@link Naming},
 * {@link Resources#RELAY}, {@link Functions#ALIAS}).
 *
 * @param stage the deployment's stage without the cell suffix (the directory's; each cell's is
 *              {@link CellResources#cellStage})
 * @param cells at least one, names unique
 */
public record CellTopology(String stage, List<Cell> cells) {
    /** The context key. */
    public static final String CONTEXT_KEY = "cells";
    /** The function peer cells invoke (its catalog trigger is {@code Trigger.Invoke}). */
    public static final String CELL_CALL_FUNCTION = "cellCall";
    /** The directory stack is {@code Chatline-<stage>-directory}, each cell's {@code Chatline-<stage>-<cell>}. */
    public static final String DIRECTORY_STACK_SUFFIX = "directory";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-[0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    /** One cell: a whole deployment of the stage stack in one account and region. */
    public record Cell(String name, String region, String account) {
        public Cell {
            require(NAME, name, "a cell name ([a-z0-9]{1,12})");
            if (DIRECTORY_STACK_SUFFIX.equals(name)) {
                throw new IllegalArgumentException("cells: '" + name + "' names the directory stack, not a cell");
            }
            require(REGION, region, "a region (e.g. eu-west-1)");
            require(ACCOUNT, account, "an account id (12 digits)");
        }
    }

    public CellTopology {
        cells = List.copyOf(cells);
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("cells needs at least one cell NAME:REGION:ACCOUNT");
        }
        Set<String> names = new HashSet<>();
        for (Cell cell : cells) {
            if (!names.add(cell.name())) {
                throw new IllegalArgumentException("cells names a cell twice: " + cell.name());
            }
            Naming.resourceName(CellResources.cellStage(stage, cell.name()), "check"); // stage-cell ≤ 20 chars
        }
    }

    /** The topology the context value describes; empty when it is absent or blank (a single-cell deployment). */
    public static Optional<CellTopology> parse(String stage, Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty()).map(v -> {
            List<Cell> cells = new ArrayList<>();
            for (String entry : v.split(",")) {
                String[] parts = entry.trim().split(":");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("cells must be NAME:REGION:ACCOUNT entries separated by "
                            + "commas, e.g. a:eu-west-1:111122223333,b:us-east-1:444455556666: " + entry);
                }
                cells.add(new Cell(parts[0].trim(), parts[1].trim(), parts[2].trim()));
            }
            return new CellTopology(stage, cells);
        });
    }

    /** Where the directory stack and the directory table's primary live: the first cell's account and region. */
    public Cell directoryHome() {
        return cells.get(0);
    }

    /** Every cell but {@code cell}, in context order. */
    public List<Cell> peersOf(Cell cell) {
        return cells.stream().filter(c -> !c.equals(cell)).toList();
    }

    /** The regions that need a directory replica: the directory's first, then every other cell's, once each. */
    public List<String> regions() {
        return cells.stream().map(Cell::region).distinct().toList();
    }

    /** The accounts of the cells in {@code region} other than the directory's account (they need a grant on it). */
    public Set<String> foreignAccountsIn(String region) {
        return cells.stream().filter(c -> c.region().equals(region)).map(Cell::account)
                .filter(a -> !a.equals(directoryHome().account())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The accounts of {@code cell}'s peers other than its own (same-account peers need no resource policy). */
    public Set<String> foreignPeerAccounts(Cell cell) {
        return peersOf(cell).stream().map(Cell::account).filter(a -> !a.equals(cell.account()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public String cellStage(Cell cell) {
        return CellResources.cellStage(stage, cell.name());
    }

    public String directoryTableName() {
        return CellResources.DIRECTORY.physicalName(stage);
    }

    /** The directory table's replica in {@code region} (a global table's replicas share the name and account). */
    public String directoryArn(String region) {
        return arn("dynamodb", region, directoryHome().account(), "table/" + directoryTableName());
    }

    /**
     * What {@code cell}'s functions pass as the table name: the name in the directory's account, the replica's ARN
     * from another account (DynamoDB accepts a table ARN wherever it takes a name).
     */
    public String directoryTableFor(Cell cell) {
        return cell.account().equals(directoryHome().account()) ? directoryTableName()
                : directoryArn(cell.region());
    }

    public String relayQueueArn(Cell cell) {
        return arn("sqs", cell.region(), cell.account(), Resources.RELAY.physicalName(cellStage(cell)));
    }

    public String relayQueueUrl(Cell cell) {
        return "https://sqs." + cell.region() + "." + domainSuffix(cell.region()) + "/" + cell.account() + "/"
                + Resources.RELAY.physicalName(cellStage(cell));
    }

    /** The {@link Functions#ALIAS} of {@code cell}'s {@value #CELL_CALL_FUNCTION} function: what peers invoke. */
    public String cellCallArn(Cell cell) {
        return arn("lambda", cell.region(), cell.account(), "function:"
                + Naming.resourceName(cellStage(cell), CELL_CALL_FUNCTION) + ":" + Functions.ALIAS);
    }

    /**
     * The configuration every function of {@code cell} gets: its name, the directory table, and its peers' relay
     * queue URLs and {@code cellCall} ARNs ({@code b=<url>,c=<url>}, context order).
     */
    public Map<String, String> environment(Cell cell) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(CellResources.CELL_ENV, cell.name());
        env.put(CellResources.DIRECTORY_TABLE_ENV, directoryTableFor(cell));
        env.put(CellResources.PEERS_ENV, peersOf(cell).stream().map(p -> p.name() + "=" + relayQueueUrl(p))
                .collect(Collectors.joining(",")));
        env.put(CellResources.CALL_PEERS_ENV, peersOf(cell).stream().map(p -> p.name() + "=" + cellCallArn(p))
                .collect(Collectors.joining(",")));
        return env;
    }

    public Cell cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell " + name));
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private static String domainSuffix(String region) {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    private static String arn(String service, String region, String account, String resource) {
        return "arn:" + partition(region) + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    private static void require(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("cells: not " + what + ": " + value);
        }
    }
}

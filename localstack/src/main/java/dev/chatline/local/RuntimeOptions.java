package dev.chatline.local;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.local.events.EventSourceSettings;
import dev.chatline.schema.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the local runtime.
 *
 * @param stage stage name: resource names {@code chatline-<stage>-*} and the WebSocket path {@code /<stage>}
 * @param port WebSocket/@connections port, 0 for a free one
 * @param region AWS region of the resources
 * @param functions the functions to host (normally {@link FunctionCatalog#ALL})
 * @param queueVisibilityTimeout replaces the queues' visibility timeout (fast redelivery while developing/testing)
 * @param events timings of the SQS and SNS event sources
 * @param iamCheck each hosted function may only make the AWS calls its catalog access list grants (on by default;
 *                 {@code --no-iam-check} turns it off)
 * @param fanoutShards shards of the fan-out queue (default 1; {@code --fanout-shards}): as many queues, each with its
 *                     own event source mapping
 * @param cells the cells to run side by side ({@code --cells a,b}; docs/scaling.md, "Cells"): each its own stage
 *              {@code <stage>-<cell>}, resources, gateway and functions; empty (the default): one cell without a
 *              name, exactly the single deployment
 */
public record RuntimeOptions(String stage, int port, String region, List<FunctionDef> functions,
                             Optional<Duration> queueVisibilityTimeout, EventSourceSettings events,
                             boolean iamCheck, int fanoutShards, List<String> cells) {

    public RuntimeOptions {
        functions = List.copyOf(functions);
        Resources.FANOUT.shards(fanoutShards); // validates the count
        cells = List.copyOf(cells);
        cells.forEach(RuntimeOptions::requireCellName);
        if (cells.stream().distinct().count() != cells.size()) {
            throw new IllegalArgumentException("cells must be distinct: " + cells);
        }
    }

    private static void requireCellName(String cell) {
        if (!cell.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("a cell name is 1 to 12 of [a-z0-9]: " + cell);
        }
    }

    public RuntimeOptions withCells(List<String> newCells) {
        return new RuntimeOptions(stage, port, region, functions, queueVisibilityTimeout, events, iamCheck,
                fanoutShards, newCells);
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions("local", 8080, "us-east-1", FunctionCatalog.ALL, Optional.empty(),
                EventSourceSettings.defaults(), true, 1, List.of());
    }

    public RuntimeOptions withFanoutShards(int shards) {
        return new RuntimeOptions(stage, port, region, functions, queueVisibilityTimeout, events, iamCheck, shards,
                cells);
    }

    public RuntimeOptions withStage(String newStage) {
        return new RuntimeOptions(newStage, port, region, functions, queueVisibilityTimeout, events, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withPort(int newPort) {
        return new RuntimeOptions(stage, newPort, region, functions, queueVisibilityTimeout, events, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withRegion(String newRegion) {
        return new RuntimeOptions(stage, port, newRegion, functions, queueVisibilityTimeout, events, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withFunctions(List<FunctionDef> newFunctions) {
        return new RuntimeOptions(stage, port, region, newFunctions, queueVisibilityTimeout, events, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withQueueVisibilityTimeout(Duration timeout) {
        return new RuntimeOptions(stage, port, region, functions, Optional.of(timeout), events, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withEvents(EventSourceSettings newEvents) {
        return new RuntimeOptions(stage, port, region, functions, queueVisibilityTimeout, newEvents, iamCheck,
                fanoutShards, cells);
    }

    public RuntimeOptions withIamCheck(boolean on) {
        return new RuntimeOptions(stage, port, region, functions, queueVisibilityTimeout, events, on,
                fanoutShards, cells);
    }
}

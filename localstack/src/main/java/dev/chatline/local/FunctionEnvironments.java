package dev.chatline.local;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment a hosted function gets locally, shaped like the one the stack gives it on AWS: the runtime's
 * configuration (every {@code CHATLINE_*}, {@code AWS_*} and {@code POWERTOOLS_*} system property and environment
 * variable, the environment winning, as {@code ChatConfig} reads them) without the resource keys the stack gives
 * other functions only ({@link FunctionCatalog#RESOURCE_VARIABLES} not in {@link FunctionDef#resourceVariables()}).
 * A cell's own configuration ({@link CellRuntime#configuration()}: its stage, resources, endpoints and cell
 * variables) overrides the shared system properties, so each cell's functions see their own cell only.
 * So a handler whose construction reads a queue, topic, bucket, endpoint or secret its function is not given fails
 * at start-up here, as its deployment fails on AWS.
 */
final class FunctionEnvironments {
    private static final List<String> PREFIXES = List.of("CHATLINE_", "AWS_", "POWERTOOLS_");

    private FunctionEnvironments() {
    }

    /** The function's variables, from the shared configuration as it is now (a single deployment's). */
    static Map<String, String> of(FunctionDef def) {
        return of(def, Map.of());
    }

    /** The function's variables, from the configuration as it is now, {@code cell}'s values over the shared ones. */
    static Map<String, String> of(FunctionDef def, Map<String, String> cell) {
        Map<String, String> variables = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(FunctionEnvironments::configKey)
                .forEach(key -> variables.put(key, System.getProperty(key)));
        variables.putAll(cell);
        System.getenv().forEach((key, value) -> {
            if (configKey(key)) {
                variables.put(key, value);
            }
        });
        FunctionCatalog.RESOURCE_VARIABLES.stream().filter(key -> !def.resourceVariables().contains(key))
                .forEach(variables::remove);
        return variables;
    }

    private static boolean configKey(String key) {
        return PREFIXES.stream().anyMatch(key::startsWith);
    }
}

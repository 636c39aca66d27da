package dev.chatline.local.coldstart;

import dev.chatline.functions.catalog.FunctionDef;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a cold start run as Markdown tables: per function and variant the median of the repeats of start →
 * handler constructed, the priming hooks, the first and the second invocation (ms), and what the first invocation
 * answered; the last row is the median over the functions.
 */
final class ColdStartReport {
    private final List<Variant> variants;
    private final Map<FunctionDef, Map<Variant, List<ProbeResult>>> results = new LinkedHashMap<>();

    ColdStartReport(List<Variant> variants) {
        this.variants = variants;
    }

    void add(FunctionDef def, Variant variant, ProbeResult result) {
        results.computeIfAbsent(def, d -> new LinkedHashMap<>()).computeIfAbsent(variant, v -> new ArrayList<>())
                .add(result);
    }

    void print(PrintStream out) {
        StringBuilder header = new StringBuilder("| function |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Variant v : variants) {
            header.append(" ").append(v.label()).append(": artifact (MB) | start→handler | ")
                    .append(v.prime() ? "hooks | " : "").append("1st | 2nd |");
            rule.append("---|---|").append(v.prime() ? "---|" : "").append("---|---|");
        }
        out.println(header.append(" 1st answered |"));
        out.println(rule.append("---|"));
        results.forEach((def, byVariant) -> out.println(row(def, byVariant)));
        out.println(medianRow());
    }

    /** Classes loaded per phase, median over the repeats (runs with {@code --classes}). */
    void printClassCounts(PrintStream out) {
        out.println("| function | variant | init | hooks | 1st | 2nd | 1st invocation loads most from |");
        out.println("|---|---|---|---|---|---|---|");
        results.forEach((def, byVariant) -> byVariant.forEach((v, runs) -> {
            ClassLoadLog log = runs.get(runs.size() - 1).classes();
            if (log != null) {
                out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s |%n", def.name(), v.label(),
                        log.loadedIn("Init"), log.loadedIn("Checkpoint"), log.loadedIn("FirstInvocation"),
                        log.loadedIn("SecondInvocation"), top(log.firstInvocationByPackage()));
            }
        }));
    }

    private String row(FunctionDef def, Map<Variant, List<ProbeResult>> byVariant) {
        StringBuilder row = new StringBuilder("| " + def.name() + " |");
        String answered = "";
        for (Variant v : variants) {
            List<ProbeResult> runs = byVariant.getOrDefault(v, List.of());
            row.append(String.format(Locale.ROOT, " %s (%.1f) | %s | ", v.jarName(def), megabytes(v, def),
                    ms(runs, ProbeResult::startToConstructed)));
            if (v.prime()) {
                row.append(ms(runs, ProbeResult::prime)).append(" | ");
            }
            row.append(ms(runs, ProbeResult::first)).append(" | ").append(ms(runs, ProbeResult::second)).append(" |");
            if (!runs.isEmpty() && answered.isEmpty()) {
                answered = runs.get(0).outcome();
            }
        }
        return row.append(" ").append(answered).append(" |").toString();
    }

    private String medianRow() {
        StringBuilder row = new StringBuilder("| **median** |");
        for (Variant v : variants) {
            row.append(" | ").append(medianOfMedians(v, ProbeResult::startToConstructed)).append(" | ");
            if (v.prime()) {
                row.append(medianOfMedians(v, ProbeResult::prime)).append(" | ");
            }
            row.append(medianOfMedians(v, ProbeResult::first)).append(" | ")
                    .append(medianOfMedians(v, ProbeResult::second)).append(" |");
        }
        return row.append(" |").toString();
    }

    private String medianOfMedians(Variant v, ToDoubleFunction<ProbeResult> metric) {
        double[] medians = results.values().stream().map(m -> m.getOrDefault(v, List.of()))
                .filter(runs -> !runs.isEmpty()).mapToDouble(runs -> median(runs, metric)).toArray();
        return medians.length == 0 ? "" : format(median(medians));
    }

    private static String ms(List<ProbeResult> runs, ToDoubleFunction<ProbeResult> metric) {
        return runs.isEmpty() ? "" : format(median(runs, metric));
    }

    private static double median(List<ProbeResult> runs, ToDoubleFunction<ProbeResult> metric) {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    /** The median of the values that are numbers (failed probes have none); NaN if none is. */
    private static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double millis) {
        return Double.isNaN(millis) ? "" : String.format(Locale.ROOT, "%.0f", millis);
    }

    private static double megabytes(Variant v, FunctionDef def) {
        try {
            return Files.size(v.jar(def)) / 1_000_000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String top(Map<String, Integer> byPackage) {
        return byPackage.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(4).map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
    }
}

package dev.chatline.local.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes a probe JVM loaded in each phase, from its {@code -Xlog:class+load} file, split at the probe's phase
 * markers ({@code ColdStartProbe$Marker$<Phase>}): JVM and probe start, init (the handler's construction),
 * checkpoint (the priming hooks), first and second invocation.
 */
record ClassLoadLog(Map<String, Integer> perPhase, Map<String, Integer> firstInvocationByPackage) {
    private static final String MARKER = "dev.chatline.local.coldstart.probe.ColdStartProbe$Marker$";

    static ClassLoadLog read(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> perPhase = new LinkedHashMap<>();
        Map<String, Integer> firstByPackage = new TreeMap<>();
        String phase = "Start";
        for (String line : lines) {
            int at = line.indexOf("] ");
            if (at < 0 || !line.contains("[class,load]")) {
                continue;
            }
            String name = line.substring(line.lastIndexOf("] ") + 2).split(" ")[0];
            if (name.startsWith(MARKER)) {
                phase = name.substring(MARKER.length());
                continue;
            }
            perPhase.merge(phase, 1, Integer::sum);
            if ("FirstInvocation".equals(phase)) {
                firstByPackage.merge(packageOf(name), 1, Integer::sum);
            }
        }
        return new ClassLoadLog(perPhase, firstByPackage);
    }

    int loadedIn(String phase) {
        return perPhase.getOrDefault(phase, 0);
    }

    /** The first four segments of the package (e.g. {@code software.amazon.awssdk.core}). */
    private static String packageOf(String className) {
        String[] parts = className.split("\\.");
        int n = Math.min(4, parts.length - 1);
        return n <= 0 ? "(default)" : String.join(".", java.util.Arrays.copyOf(parts, n));
    }
}

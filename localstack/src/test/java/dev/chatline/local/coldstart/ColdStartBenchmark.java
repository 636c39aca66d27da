package dev.chatline.local.coldstart;

import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.catalog.Trigger;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.RuntimeOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cold start figures per function: for every function of the catalog, a fresh JVM with only that function's
 * deployment artifact (plus the probe and the Lambda runtime's serialization library) constructs the handler with
 * the function's environment against the local runtime on the embedded emulator, then invokes it twice with its
 * sample event from {@code events/} ({@link ProbeLauncher}, {@link SampleEvents}). Variants run interleaved, so a
 * comparison shares the machine's state: the catalog artifacts without and with the SnapStart priming hooks, and,
 * with {@code --baseline-jar}, every function from one jar of another build.
 *
 * <p>Run: {@code scripts/coldstart.sh [--baseline-jar FILE] [--repeat N] [--only f1,f2] [--classes]
 * [--no-priming]}. {@code --classes} logs class loading and prints the classes each phase loaded (the log slows
 * every phase a little: compare times from runs without it). The queue and topic functions' event sources are not
 * started: only the probes invoke functions.
 */
public final class ColdStartBenchmark {
    private static final PrintStream OUT = System.out;

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(Options.parse(args));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the clients' and the runtime's threads would keep the JVM alive
        }
        System.exit(0);
    }

    private static void run(Options options) throws Exception {
        List<Variant> variants = new ArrayList<>();
        options.baselineJar.ifPresent(jar -> variants.add(new Variant("before", Optional.of(jar),
                Variant.defaultArtifacts(), false)));
        variants.add(new Variant("after", Optional.empty(), Variant.defaultArtifacts(), false));
        if (options.priming) {
            variants.add(new Variant("after, primed", Optional.empty(), Variant.defaultArtifacts(), true));
        }
        List<FunctionDef> functions = FunctionCatalog.ALL.stream()
                .filter(f -> options.only.isEmpty() || options.only.contains(f.name())).toList();
        List<FunctionDef> hosted = FunctionCatalog.ALL.stream()
                .filter(f -> f.trigger() instanceof Trigger.Route || f.trigger() instanceof Trigger.Authorizer)
                .toList();
        Path work = Files.createDirectories(Path.of("localstack", "target", "coldstart"));
        ColdStartReport report = new ColdStartReport(variants);
        RuntimeOptions runtimeOptions = RuntimeOptions.defaults().withStage("coldstart").withPort(0)
                .withFunctions(hosted);
        try (LocalRuntime runtime = LocalRuntime.start(runtimeOptions, AwsBackend.embedded());
             SampleEvents events = new SampleEvents(runtime, work)) {
            events.seed();
            ProbeLauncher launcher = new ProbeLauncher(runtime, work);
            for (int r = 1; r <= options.repeat; r++) {
                for (FunctionDef def : functions) {
                    for (Variant v : variants) {
                        ProbeResult result = probe(launcher, def, v, events, options.classes);
                        report.add(def, v, result);
                        System.err.printf("run %d/%d %-18s %-14s start→handler %6.0f ms, 1st %6.0f ms%n", r,
                                options.repeat, def.name(), v.label(), result.startToConstructed(), result.first());
                    }
                }
            }
        }
        OUT.printf("Cold starts: %d functions × %d variants × %d runs (medians, ms); Java %s, %d CPUs%n%n",
                functions.size(), variants.size(), options.repeat, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        report.print(OUT);
        if (options.classes) {
            OUT.println();
            report.printClassCounts(OUT);
        }
    }

    /** One probe; a probe that fails is reported in the table (its log is named), the others still run. */
    private static ProbeResult probe(ProbeLauncher launcher, FunctionDef def, Variant v, SampleEvents events,
                                     boolean classes) {
        try {
            return launcher.run(def, v.jar(def), events.eventFor(def), v.label().replaceAll("\\W+", "-"), v.prime(),
                    classes);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return ProbeResult.failed("probe failed");
        }
    }

    /** Command line options. */
    private record Options(Optional<Path> baselineJar, int repeat, List<String> only, boolean classes,
                           boolean priming) {
        static Options parse(String[] args) {
            Optional<Path> baseline = Optional.empty();
            int repeat = 3;
            List<String> only = List.of();
            boolean classes = false;
            boolean priming = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--baseline-jar" -> baseline = Optional.of(Path.of(args[++i]));
                    case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                    case "--only" -> only = Arrays.asList(args[++i].split(","));
                    case "--classes" -> classes = true;
                    case "--no-priming" -> priming = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: "
                            + "--baseline-jar FILE, --repeat N, --only f1,f2, --classes, --no-priming");
                }
            }
            return new Options(baseline, repeat, only, classes, priming);
        }
    }
}

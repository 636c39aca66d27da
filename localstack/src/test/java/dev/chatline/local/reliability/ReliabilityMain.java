package dev.chatline.local.reliability;

import dev.chatline.emulator.MotoServer;
import dev.chatline.local.AwsBackend;
import dev.chatline.local.LocalRuntime;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The reliability harnesses as a program, against a fresh local runtime on a fresh moto:
 * <pre>
 * scripts/reliability.sh fuzz [frames=10000] [seed=13]
 * scripts/reliability.sh faults [full|rotating]
 * scripts/reliability.sh soak [users=20] [minutes=5]
 * </pre>
 * Prints the figures docs/reliability.md quotes and exits 1 when an invariant broke.
 */
public final class ReliabilityMain {
    private static final PrintStream OUT = System.out;

    private ReliabilityMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args) ? 0 : 1;
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status); // the clients' and the runtime's threads would keep the JVM alive
    }

    private static boolean run(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "";
        OUT.printf("Chatline reliability: %s, %s, %d cores, Java %s, %s%n", what,
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), Runtime.getRuntime()
                        .availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"));
        Harness.liftLimits();
        try (LocalRuntime runtime = LocalRuntime.start(Harness.options("reliability"),
                AwsBackend.endpoint(MotoServer.start().endpoint()));
             Harness harness = new Harness(runtime)) {
            return switch (what) {
                case "fuzz" -> FuzzRun.run(harness, intArg(args, 1, 10_000), intArg(args, 2, 13), OUT).clean();
                case "faults" -> {
                    FaultMatrixRun.Selection selection = args.length > 1 && "rotating".equals(args[1])
                            ? FaultMatrixRun.Selection.ROTATING : FaultMatrixRun.Selection.FULL;
                    FaultMatrixRun.Outcome outcome = FaultMatrixRun.run(harness, selection, OUT);
                    yield outcome.baselines().stream().allMatch(b -> b.verdict().ok())
                            && outcome.results().stream().noneMatch(KnownGaps::unexplained);
                }
                case "soak" -> {
                    SoakRun.Result r = SoakRun.run(harness, intArg(args, 1, 20),
                            args.length > 2 ? Double.parseDouble(args[2]) : 5, 13, OUT);
                    yield r.lost() == 0 && r.missingReadEvents() == 0;
                }
                default -> throw new IllegalArgumentException("usage: reliability.sh fuzz [frames] [seed]"
                        + " | faults [full|rotating] | soak [users] [minutes]");
            };
        }
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}

package dev.chatline.local.coldstart;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.chatline.config.ChatConfig;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.functions.observability.EmfMetrics;
import dev.chatline.functions.observability.Telemetry;
import dev.chatline.local.LocalRuntime;
import dev.chatline.local.coldstart.probe.ColdStartProbe;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts one probe JVM ({@link ColdStartProbe}) per cold start, the way Lambda starts a function: a fresh
 * {@code java} with the function's artifact, the probe and the runtime's serialization library on the classpath;
 * the function's environment (its configuration, {@code AWS_LAMBDA_FUNCTION_NAME}, credentials in
 * {@code AWS_ACCESS_KEY_ID}..., the deployed {@code JAVA_TOOL_OPTIONS}); the serial collector and a heap of 85 % of
 * the function's memory. The probe's output (the function's logs) goes to {@code <work>/<label>/<function>.log}.
 */
final class ProbeLauncher {
    private static final String CRAC_STAND_IN = "dev.chatline.local.coldstart.crac";
    private static final long TIMEOUT_SECONDS = 120;

    private final LocalRuntime runtime;
    private final Path work;
    private final String probeClasspath;

    ProbeLauncher(LocalRuntime runtime, Path work) {
        this.runtime = runtime;
        this.work = work;
        this.probeClasspath = copyProbeClasses(work.resolve("probe")) + File.pathSeparator
                + location(LambdaEventSerializers.class);
    }

    /** One cold start and two invocations of {@code def} from {@code jar}; {@code prime}: run the CRaC hooks first. */
    ProbeResult run(FunctionDef def, Path jar, Path event, String label, boolean prime, boolean classLog) {
        try {
            Path dir = Files.createDirectories(work.resolve(label));
            Path result = dir.resolve(def.name() + ".properties");
            Path classes = dir.resolve(def.name() + ".classes.log");
            Files.deleteIfExists(result);
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC", "-Xshare:auto",
                    "-Xmx" + def.memoryMb() * 85 / 100 + "m", "-Dorg.crac.Core.Compat=" + CRAC_STAND_IN));
            if (classLog) {
                command.add("-Xlog:class+load=info:file=" + classes);
            }
            command.addAll(List.of("-cp", jar + File.pathSeparator + probeClasspath,
                    ColdStartProbe.class.getName(), def.handlerClass(), event.toString(), result.toString(),
                    Long.toString(nowMicros()), prime ? "prime" : "plain"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(def.name() + ".log").toFile());
            pb.environment().putAll(environment(def, prime));
            Process process = pb.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(def.name() + ": probe timed out");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(result)) {
                throw new IllegalStateException(def.name() + ": probe failed (exit " + process.exitValue()
                        + "), see " + dir.resolve(def.name() + ".log"));
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(result)) {
                p.load(in);
            }
            return ProbeResult.from(p, classLog ? ClassLoadLog.read(classes) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What Lambda and the CDK stack give the function, with this runtime's endpoints and resources. */
    private Map<String, String> environment(FunctionDef def, boolean prime) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : List.of(ChatConfig.STAGE, ChatConfig.REGION, ChatConfig.AWS_ENDPOINT,
                ChatConfig.CONNECTIONS_ENDPOINT, ChatConfig.JWKS_URL, ChatConfig.JWT_ISSUER, ChatConfig.JWT_AUDIENCE,
                ChatConfig.FCM_ENDPOINT)) {
            String value = System.getProperty(key);
            if (value != null) {
                env.put(key, value);
            }
        }
        env.putAll(runtime.resources().configValues());
        // every probe of the push sender sends: the 60 s per-chat window would skip all but the first
        env.put(ChatConfig.PUSH_WINDOW_SECONDS, "1");
        String physical = "chatline-" + env.get(ChatConfig.STAGE) + "-" + def.name();
        env.put(Telemetry.LAMBDA_FUNCTION_NAME, physical);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(def.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", prime ? "snap-start" : "on-demand");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_SESSION_TOKEN", "test");
        env.put("JAVA_TOOL_OPTIONS", FunctionCatalog.JAVA_TOOL_OPTIONS);
        env.put(Telemetry.SERVICE_NAME, def.name());
        env.put(Telemetry.NAMESPACE, EmfMetrics.DEFAULT_NAMESPACE);
        return env;
    }

    /** The probe's and the CRaC stand-in's classes only (not the rest of the test classes). */
    private static String copyProbeClasses(Path target) {
        Path root = Path.of(location(ColdStartProbe.class));
        try {
            for (String pkg : List.of("dev/chatline/local/coldstart/probe", "dev/chatline/local/coldstart/crac")) {
                Files.createDirectories(target.resolve(pkg));
                try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, target.resolve(pkg).resolve(f.getFileName().toString()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target.toString();
    }

    private static String location(Class<?> cls) {
        try {
            return Path.of(cls.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
